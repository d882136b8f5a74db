-- wrk reports the 50/75/90/99th latency percentiles; the bench targets the 95th.
-- Printed in microseconds, one value a line, for bench/run.py to read.
done = function(summary, latency, requests)
  io.write(string.format("bench-p50-us %d\n", latency:percentile(50)))
  io.write(string.format("bench-p95-us %d\n", latency:percentile(95)))
  io.write(string.format("bench-p99-us %d\n", latency:percentile(99)))
  io.write(string.format("bench-requests %d\n", summary.requests))
  io.write(string.format("bench-non2xx %d\n", summary.errors.status))
  io.write(string.format("bench-socket-errors %d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
