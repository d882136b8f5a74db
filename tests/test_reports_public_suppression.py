"""Small-count suppression of the public report (reports/suppression.py), on hand-made tables and
without the database.

Each protected table is also checked the way a reader would attack it: every assignment of the
hidden cells that agrees with the page (the numbers shown, every total, "fewer than 3" for 1 or 2,
a hidden small-count cell being 3 or more, any hidden cell non-zero) is enumerated, and each small
cell must still be able to be 1 and 2.
"""

from __future__ import annotations

import pytest

from reports.indicators import SMALL_COUNT
from reports.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    Line,
    inferred_ranges,
    is_small,
    pinned_whatever_is_hidden,
    shows_ratio,
    suppress,
)

T = "total"


def table(grid: list[list[int]], *, public_row_totals: bool = False):
    """A 2-D table with row totals, column totals and the grand total: values, sensitive cells and
    lines (each row, each column, the row totals and the column totals). Every cell is of a
    small-count figure, or all but the row totals (``public_row_totals``: the concerns received
    beside the concerns by category)."""
    rows, columns = range(len(grid)), range(len(grid[0]))
    values = {(r, c): grid[r][c] for r in rows for c in columns}
    values |= {(r, T): sum(grid[r]) for r in rows}
    values |= {(T, c): sum(grid[r][c] for r in rows) for c in columns}
    values[(T, T)] = sum(values[(r, T)] for r in rows)
    lines = [Line(tuple((r, c) for c in columns), (r, T)) for r in (*rows, T)]
    lines += [Line(tuple((r, c) for r in rows), (T, c)) for c in (*columns, T)]
    sensitive = [key for key in values if not (public_row_totals and key[1] == T)]
    return values, sensitive, lines


def row(cells: list[int]):
    """One line: the cells and their total."""
    values = dict(enumerate(cells)) | {T: sum(cells)}
    return values, list(range(len(cells))), [Line(tuple(range(len(cells))), T)]


def hidden_count(line: Line, result) -> int:
    return sum(not result.shows(cell) for cell in line.cells)


def reader_solutions(values, result, sensitive, lines, ceiling: int | None = None):
    """Every assignment of the hidden cells a reader of the page cannot rule out, each at most
    ``ceiling`` (the largest value of the table), found by a depth-first search that drops a
    partial assignment as soon as a line cannot add up any more."""
    hidden = [key for key in values if not result.shows(key)]
    ceiling = ceiling if ceiling is not None else max(values.values())
    choices = []
    for key in hidden:
        if key in result.small:
            choices.append(range(1, 3))
        elif key in sensitive:
            choices.append(range(SMALL_COUNT, ceiling + 1))
        else:
            choices.append(range(1, ceiling + 1))
    known = {key: value for key, value in values.items() if result.shows(key)}

    def possible(guess) -> bool:
        for line in lines:
            if line.total not in guess:
                continue
            assigned = [guess[member] for member in line.members if member in guess]
            if sum(assigned) > guess[line.total]:
                return False
            if len(assigned) == len(line.members) and sum(assigned) != guess[line.total]:
                return False
        return True

    def search(index: int, guess: dict):
        if index == len(hidden):
            yield dict(guess)
            return
        for value in choices[index]:
            guess[hidden[index]] = value
            if possible(guess):
                yield from search(index + 1, guess)
            del guess[hidden[index]]

    yield from search(0, dict(known))


def assert_no_small_cell_is_given_away(values, result, sensitive, lines):
    solutions = list(reader_solutions(values, result, sensitive, lines))
    assert solutions, "the true values must be among the reader's solutions"
    # Where even hiding every other figure would not help (two 1s under a total of 2), the rule
    # cannot protect more than "fewer than 3" says; everywhere else both 1 and 2 stay possible.
    hopeless = pinned_whatever_is_hidden(values, small=result.small, sensitive=sensitive, lines=lines)
    for cell in result.small - hopeless:
        assert {solution[cell] for solution in solutions} == {1, 2}, cell


# --- the rule -------------------------------------------------------------------------------------


def test_the_public_threshold_is_three_one_constant_with_the_indicators():
    assert SMALL_COUNT == 3
    assert [is_small(value) for value in (None, 0, 1, 2, 3, 10)] == [False, False, True, True, False, False]


def test_a_single_small_cell_hides_the_smallest_other_non_zero_cell_of_its_row():
    values, sensitive, lines = row([2, 5, 4, 0])
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {0}
    assert result.hidden == {2}  # 4, the smallest other non-zero; the zero stays shown
    assert result.state(0) == SMALL and result.state(2) == HIDDEN and result.state(T) == SHOWN
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_two_small_cells_of_a_row_protect_each_other_when_their_sum_leaves_both_open():
    values, sensitive, lines = row([1, 2, 6])  # 9 - 6 = 3: (1, 2) or (2, 1)
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {0, 1} and result.hidden == set()
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


@pytest.mark.parametrize("cells", [[1, 1, 6], [2, 2, 6]], ids=["both-one", "both-two"])
def test_two_small_cells_whose_sum_pins_them_down_need_a_third(cells):
    values, sensitive, lines = row(cells)  # 8 - 6 = 2 (or 10 - 6 = 4): each is 1 (each is 2)
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {0, 1} and result.hidden == {2}
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_the_total_minus_the_shown_cells_does_not_reveal_the_small_one():
    """The issue's case: 2 land concerns and 7 others in one residential area, 9 in all."""
    values, sensitive, lines = row([2, 7, 0])
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.state(0) == SMALL and result.state(1) == HIDDEN and result.state(T) == SHOWN
    shown = sum(values[cell] for cell in (0, 1, 2) if result.shows(cell))
    assert values[T] - shown == 9  # what subtraction gives: the two hidden together, not the 2
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_when_every_other_cell_is_zero_the_total_is_hidden():
    values, sensitive, lines = row([0, 2, 0])
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {1} and result.hidden == {T}


def test_a_second_cell_that_is_itself_three_is_not_enough():
    """1 and a hidden 3 out of 4: the hidden one is at least 3, so the small one must be 1."""
    values, sensitive, lines = row([1, 3, 8])
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {0} and result.hidden == {1, 2}
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_zeros_are_shown_and_never_chosen_to_hide_another_cell():
    values, sensitive, lines = table([[0, 0, 0], [0, 4, 0]])
    result = suppress(values, sensitive=sensitive, lines=lines)
    assert result.small == set() and result.hidden == set()

    values, sensitive, lines = table([[0, 2, 0], [0, 4, 5]])
    result = suppress(values, sensitive=sensitive, lines=lines)
    assert all(result.shows(cell) for cell, value in values.items() if value == 0)
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


# --- rows and columns together ----------------------------------------------------------------------


def test_the_second_cell_of_a_row_breaks_a_column_which_then_needs_its_own():
    """Row 0 hides its 4 beside the 2; column 2 then has one hidden cell, so row 1's 3 is hidden
    too; and so on until every row and column is safe."""
    values, sensitive, lines = table([[2, 5, 4], [6, 7, 3]])
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {(0, 0)}
    assert {(0, 2), (1, 0), (1, 2)} <= result.hidden
    for line in lines:
        assert hidden_count(line, result) != 1, line
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_a_cell_pinned_through_a_chain_of_rows_and_columns_is_found_and_protected():
    """With only a second cell per line the 2 would be worked out: the hidden 3 of row 1 is 3 or
    more, so row 0's hidden cell is at most 4 and the small one at least 2."""
    values, sensitive, lines = table([[2, 5, 4], [6, 7, 3]])
    second_cells_only = {(0, 0), (0, 2), (1, 0), (1, 2)}
    ranges = inferred_ranges(
        values, hidden=second_cells_only, small={(0, 0)}, sensitive=sensitive, lines=lines
    )
    assert ranges[(0, 0)] == (2, 2)

    result = suppress(values, sensitive=sensitive, lines=lines)
    assert result.small | result.hidden > second_cells_only
    low, high = inferred_ranges(
        values,
        hidden=result.small | result.hidden,
        small=result.small,
        sensitive=sensitive,
        lines=lines,
    )[(0, 0)]
    assert low <= 1 and high >= 2


@pytest.mark.parametrize(
    "grid",
    [
        [[2, 7, 0], [0, 4, 5], [3, 0, 1]],
        [[1, 0, 0], [0, 0, 9], [0, 2, 4]],
        [[2, 2, 3], [4, 1, 6]],
        [[1, 0], [1, 6]],
        [[2, 0, 0, 1], [0, 5, 0, 0], [3, 0, 4, 2]],
    ],
)
def test_no_small_cell_of_a_two_dimensional_table_can_be_worked_out(grid):
    values, sensitive, lines = table(grid)
    result = suppress(values, sensitive=sensitive, lines=lines)

    for line in lines:
        assert hidden_count(line, result) != 1, line
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_two_ones_under_a_total_of_two_are_shown_as_fewer_than_3_and_nothing_more_is_hidden():
    """The limit of the rule: a total of 2 shown as "fewer than 3" over two non-zero cells says that
    each is 1; nothing can be hidden to prevent it (a hidden zero would still be known to be 0),
    so nothing is hidden for it."""
    values, sensitive, lines = table([[0, 1], [1, 0]])
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {key for key, value in values.items() if value} and result.hidden == set()
    assert (
        pinned_whatever_is_hidden(values, small=result.small, sensitive=sensitive, lines=lines)
        == result.small
    )
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_public_totals_are_hidden_as_second_cells_but_never_shown_as_fewer_than_3():
    """A row total of a public figure (the concerns received) of 2 is hidden, not "fewer than 3"."""
    values, sensitive, lines = table([[2, 0], [0, 5]], public_row_totals=True)
    result = suppress(values, sensitive=sensitive, lines=lines)

    assert result.small == {(0, 0), (T, 0)}
    assert result.state((0, T)) == HIDDEN
    assert_no_small_cell_is_given_away(values, result, sensitive, lines)


def test_a_linked_figure_is_hidden_with_the_one_it_follows_and_protected_in_its_own_column():
    """The value of a support follows its recipients; hiding it opens its column."""
    values = {("a", "recipients"): 2, ("b", "recipients"): 10, (T, "recipients"): 12}
    values |= {("a", "value"): 500, ("b", "value"): 3000, (T, "value"): 3500}
    lines = [
        Line((("a", "recipients"), ("b", "recipients")), (T, "recipients")),
        Line((("a", "value"), ("b", "value")), (T, "value")),
    ]
    follows = {(key, "value"): [(key, "recipients")] for key in ("a", "b", T)}
    result = suppress(
        values, sensitive=[k for k in values if k[1] == "recipients"], lines=lines, follows=follows
    )

    assert result.small == {("a", "recipients")}
    assert {("a", "value"), ("b", "recipients"), ("b", "value")} <= result.hidden


# --- ratios -----------------------------------------------------------------------------------------


def test_a_ratio_is_not_shown_below_three_records_nor_when_its_parts_are_hidden():
    assert [shows_ratio(base) for base in (0, 1, 2, 3, 40)] == [True, False, False, True, True]
    assert not shows_ratio(12, parts_shown=False)
