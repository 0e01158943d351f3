"""Organisations, members, programmes, people and venues: what the API shows and accepts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.content_api import TranslationsField, TranslationsInputField, TranslationsInputMixin

from ...enums import MemberRole, OrganisationKind
from ...models import Membership, Organisation, Person, Programme, Venue
from ...rules import roles_in
from ...translation import PROGRAMME_TEXTS, VENUE_TEXTS
from .fields import CountryCodeField, SlugLookupField, TimeZoneNameField


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    my_role = serializers.SerializerMethodField(
        help_text=_("Your role here (the highest you hold).")
    )

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "country", "kind", "website", "my_role", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=MemberRole.choices))
    def get_my_role(self, obj: Organisation) -> str | None:
        request = self.context.get("request")
        roles = roles_in(request.user if request else None, obj)
        for role in MemberRole.values:
            if role in roles:
                return role
        return None


class OrganisationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    country = CountryCodeField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    website = serializers.URLField(required=False, allow_blank=True)


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "email", "name", "role", "created_at"]


class MembershipCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text=_("Email address of an existing Bridges account."))
    role = serializers.ChoiceField(choices=MemberRole.choices)

    def validate_email(self, value: str):
        user = get_user_model().objects.filter(email__iexact=value).order_by("pk").first()
        if user is None:
            raise serializers.ValidationError(_("No account uses this email address."))
        return user


class MembershipChangeSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=MemberRole.choices)


# --- programmes, people, venues ------------------------------------------------------------


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class ProgrammeSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    translations = TranslationsField(PROGRAMME_TEXTS)

    class Meta:
        model = Programme
        fields = ["id", "organisation", "title", "slug", "description", "translations"]


class ProgrammeInputSerializer(TranslationsInputMixin, serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    translations = TranslationsInputField(Programme, PROGRAMME_TEXTS)


class PersonSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField(required=False, allow_blank=True)

    class Meta:
        model = Person
        fields = ["id", "organisation", "name", "affiliation", "country", "bio", "email"]


class PersonInputSerializer(serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    name = serializers.CharField(max_length=200)
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    country = CountryCodeField(required=False, allow_blank=True)
    bio = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class PublicPersonSerializer(serializers.ModelSerializer):
    """What the public agenda shows about a speaker (no contact details)."""

    country = CountryCodeField(required=False)

    class Meta:
        model = Person
        fields = ["id", "name", "affiliation", "country", "bio"]


class VenueSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField()
    translations = TranslationsField(VENUE_TEXTS)

    class Meta:
        model = Venue
        fields = [
            "id",
            "organisation",
            "name",
            "address",
            "city",
            "country",
            "time_zone",
            "capacity",
            "opens_at",
            "closes_at",
            "translations",
        ]


class VenueInputSerializer(TranslationsInputMixin, serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120)
    country = CountryCodeField()
    time_zone = TimeZoneNameField()
    capacity = serializers.IntegerField(min_value=1)
    opens_at = serializers.TimeField(required=False, help_text=_("Local opening time."))
    closes_at = serializers.TimeField(required=False, help_text=_("Local closing time."))
    translations = TranslationsInputField(Venue, VENUE_TEXTS)


class PublicVenueSerializer(serializers.ModelSerializer):
    country = CountryCodeField()

    class Meta:
        model = Venue
        fields = ["id", "name", "address", "city", "country", "time_zone"]
