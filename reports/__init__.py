"""Reports: the figures of a unit or an organization over a period, compared with the period before
and the same period a year earlier, with one row per unit or branch below it.

``periods`` cuts the periods (month, quarter, six and nine months, year, term of office, any dates),
``indicators`` defines every figure once, ``sources`` reads them from the other apps in the database,
``layout`` says which row each unit or organization falls in ("as it was" or "as it is now"), and
``compute.build_report`` puts them together. The cadre page, its print version and its XLSX and CSV
exports are ``views`` and ``exports``; the residents' yearly figures of a unit, with the small counts
hidden, are ``public`` (``suppression`` decides what is hidden) and ``views_public``.
"""
