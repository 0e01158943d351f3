"""templates/django/forms/widgets/select.html writes Django's stock option inline (an
include per option made long country and time-zone lists slow): it must render what
Django's own templates render, for every kind of select."""

from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from pytest_django.asserts import assertHTMLEqual

# Django's built-in widget templates only (the project's templates/ is not on its path).
STOCK = DjangoTemplates()


class RadioOptionSelect(forms.Select):
    # A select whose options come from another template: still included, not inlined.
    option_template_name = "django/forms/widgets/radio_option.html"


CASES = [
    (forms.Select(choices=[("", "—"), ("KR", "Korea"), ("VN", "Viet Nam")]), "VN"),
    (forms.Select(choices=[("", "—"), ("KR", "Korea")]), ""),
    (
        forms.SelectMultiple(choices=[("KR", "Korea"), ("VN", "Viet Nam"), ("TH", "Thailand")]),
        ["KR", "TH"],
    ),
    (
        forms.Select(
            choices=[
                ("Asia", [("Asia/Seoul", "Seoul"), ("Asia/Hanoi", "Hanoi")]),
                ("Europe", [("Europe/Sofia", "Sofia")]),
                ("", "None"),
            ]
        ),
        "Asia/Hanoi",
    ),
    # Values and labels that need escaping, integers and 0 (stringformat, not localize).
    (forms.Select(choices=[(0, "zero"), (1000, 'a <b> & "c"'), ('x"y', "q")]), 1000),
    (forms.NullBooleanSelect(), True),
    (RadioOptionSelect(choices=[("a", "A"), ("b", "B")]), "b"),
]


@pytest.mark.parametrize(("widget", "value"), CASES)
def test_select_renders_as_djangos_own_templates(widget, value):
    attrs = {"id": "id_field", "required": True, "aria-describedby": "id_field_helptext"}

    ours = widget.render("field", value, attrs)
    stock = widget.render("field", value, attrs, renderer=STOCK)

    assertHTMLEqual(ours, stock)
    assert ours.count("<option") == stock.count("<option")


def test_the_override_is_the_template_in_use():
    # Without FORM_RENDERER = TemplatesSetting the override would silently not apply.
    template = get_default_renderer().get_template("django/forms/widgets/select.html")

    assert (
        Path(template.origin.name)
        == settings.BASE_DIR / "templates/django/forms/widgets/select.html"
    )
