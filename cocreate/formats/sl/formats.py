# Slovenian dates as Slovenians write them: 3. 12. 2026, 24-hour time (Django's own sl formats
# spell out the month, "03. december 2026"). Anything not set here comes from Django's sl formats.
DATE_FORMAT = "j. n. Y"
SHORT_DATE_FORMAT = "j. n. Y"
DATETIME_FORMAT = "j. n. Y, H:i"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
