# Indonesian dates on pages: the long form, the month written out ("7 Desember 2026"), also
# where a template asks for the short one, so the same date never reads two ways.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
