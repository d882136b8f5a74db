"""Load and quality measurements of the portal: ``make bench`` (speed) and ``make audit`` (Lighthouse)."""
