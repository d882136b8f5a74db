"""Permission-matrix rows for the residents' concern pages (see tests/matrix.py).

The form and the status page are public. The page after the form shows the code of the
visitor's own last concern, kept in their session; without one it sends them to the form.
"""

from tests.matrix import PUBLIC, ROLES, Row

ROWS: dict[str, Row] = {
    "concerns_public:raise": Row(PUBLIC),
    "concerns_public:raised": Row(dict.fromkeys(ROLES, 302)),
    # With a code that belongs to no concern: the page answers 200 with its one message.
    "concerns_public:status": Row(PUBLIC, query="?code=ABCDE-23456"),
}
