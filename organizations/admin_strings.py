"""Strings of Django and django-auditlog that their Vietnamese catalogues lack or get wrong,
named here so that ``makemessages`` keeps them in the portal's catalogue (``locale/``), which
Django reads before theirs (``LOCALE_PATHS``). Never imported: only read by ``makemessages``.

- Django's user admin (5.1+): the password-based authentication switch and its buttons, which
  stayed in English for a Vietnamese staff member.
- The audit log's entries: django-auditlog's ``LogEntry`` takes its names from Django's admin
  catalogue, where "log entry" is "đăng nhập" (a login); they are entries of a log (nhật ký).
"""

from django.utils.translation import gettext_noop

DJANGO_USER_ADMIN = [
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("Set password: %s"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Personal info"),
    gettext_noop("Important dates"),
]

AUDIT_LOG = [
    gettext_noop("log entry"),
    gettext_noop("log entries"),
]
