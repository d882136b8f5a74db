"""The cheaper ways the cadre pages render give what Django's and crispy-forms' ways gave: a filter
form's fields (``bootstrap_field``), a select's options (``select_options``), a choice's label
(``choice_label``), a shortened text (``shorten``) and the addresses of pages (``core_urls``)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import translation

from activities.models import Activity, ActivityKind
from concerns.models import Concern


class Everything(forms.Form):
    """One field of each kind a filter form has, with help texts, groups and a form-wide mistake."""

    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="One")
    groups = forms.MultipleChoiceField(
        choices=[("G1", [("x", "X"), ("y", "Y")]), ("G2", [("z", "Z")])],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(help_text="Must agree")
    name = forms.CharField(max_length=5, help_text="Short", widget=forms.TextInput(attrs={"class": "extra"}))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    pick = forms.ChoiceField(
        choices=[("", "---"), ("1", "One & two"), ("Group", [("2", "Two")])], required=False
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("The whole form is wrong.")


def _markup(html: str) -> str:
    """The markup without the layout's white space."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*>\s*", ">", html)
    html = re.sub(r"\s*<\s*", "<", html)
    return re.sub(r'"\s+', '" ', re.sub(r"<(\w+)\s+", r"<\1 ", html))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"kind": "z", "groups": ["q"], "name": "far too long", "pick": "9", "day": "2020-13-45"},
        {"kind": "a", "agree": "on", "name": "ok", "pick": "2", "groups": ["x", "z"], "day": "2024-05-01"},
    ],
    ids=["empty", "mistakes", "valid"],
)
def test_a_filter_form_renders_as_crispy_forms_rendered_it(data):
    crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    lean = Template("{% load core_forms %}{% bootstrap_fields form %}")
    expected = crispy.render(Context({"form": Everything(data)}))
    assert _markup(lean.render(Context({"form": Everything(data)}))) == _markup(expected)


def test_a_select_lists_its_options_as_django_did():
    field = forms.ChoiceField(choices=[("", "---"), ("1", "<One>"), ("Group", [("2", "Two")])])
    html = field.widget.render("pick", "2", attrs={"id": "id_pick"})
    assert html == (
        '<select name="pick" id="id_pick">\n  <option value="">---</option>\n'
        '  <option value="1">&lt;One&gt;</option>\n  <optgroup label="Group">\n'
        '  <option value="2" selected>Two</option>\n  </optgroup>\n</select>'
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_choice_label_is_the_display_of_the_value(language):
    render = Template(
        '{% load core_format %}{{ activity|choice_label:"kind" }}|{{ concern|choice_label:"status" }}'
    )
    with translation.override(language):
        for kind in ActivityKind.values:
            activity, concern = Activity(kind=kind), Concern()
            expected = f"{activity.get_kind_display()}|{concern.get_status_display()}"
            assert render.render(Context({"activity": activity, "concern": concern})) == expected


@pytest.mark.parametrize("text", ["", "ngắn", "x" * 90, "y" * 91, "Khu phố 2 " * 20])
def test_shorten_cuts_as_truncatechars_cuts(text):
    assert Template("{% load core_format %}{{ text|shorten:90 }}").render(Context({"text": text})) == (
        truncatechars(text, 90)
    )


def test_the_addresses_are_those_of_url():
    render = Template(
        "{% load core_urls %}{{ pk|object_url:'concerns:detail' }} {% fixed_url 'concerns:inbox' %}"
    ).render(Context({"pk": 42}))
    assert render == f"{reverse('concerns:detail', args=[42])} {reverse('concerns:inbox')}"


class Span(forms.Form):
    start = forms.IntegerField(required=False)
    end = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start comes after the end.")
        return data


@pytest.mark.parametrize("template", ["core/_filter_row.html", "core/_filter_form.html"])
def test_a_filter_s_mistake_that_concerns_no_field_is_shown(template):
    form = Span({"start": "5", "end": "2"})
    assert not form.is_valid()
    html = Template(f'{{% include "{template}" %}}').render(Context({"form": form}))
    assert 'class="alert alert-block alert-danger"' in html
    assert "The start comes after the end." in html
    assert 'name="start"' in html and 'name="end"' in html
