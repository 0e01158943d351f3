"""The organisations list narrowed by OrganisationFilter; never beyond the user's own."""

from programmes.enums import OrganisationKind
from tests.factories.programmes import MembershipFactory, OrganisationFactory


def test_organisation_list_filters(organiser_client):
    me = organiser_client.user
    ngo = MembershipFactory(
        user=me, organisation=OrganisationFactory(name="Mekong Youth", kind=OrganisationKind.NGO)
    ).organisation
    OrganisationFactory(name="Mekong Strangers", kind=OrganisationKind.NGO)  # not mine

    def slugs(query):
        response = organiser_client.get(f"/api/v1/organisations/?{query}")
        assert response.status_code == 200
        return {o["slug"] for o in response.json()["results"]}

    assert ngo.slug in slugs("")
    assert slugs("q=mekong") == {ngo.slug}
    assert slugs("kind=ngo") == {ngo.slug}
    bad = organiser_client.get("/api/v1/organisations/?kind=club")
    assert bad.status_code == 400 and list(bad.json()) == ["kind"]
