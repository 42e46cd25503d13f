"""The search semantics (the README's « Search semantics »), run against BOTH backends
(PostGIS and Meilisearch): each test below runs twice, and must pass twice."""

from __future__ import annotations

from api.search.query import SearchResult

BELFORT, DELLE, MONTBELIARD = "90010", "90033", "25388"


def test_in_person_services_come_nearest_first_then_remote_ones(search, ids) -> None:
    result: SearchResult = search(code_commune=BELFORT, rayon_km=50)
    found = ids(result)
    in_person = [h for h in result.hits if h.distance_km is not None]
    remote = [h for h in result.hits if h.distance_km is None]
    assert result.hits == in_person + remote
    assert [h.distance_km for h in in_person] == sorted(h.distance_km for h in in_person)
    assert set(found) == {
        "garage", "cv", "logement", "urgence", "garderie-epci", "aidants",
        "mobilite-nationale", "budget",
    }  # fmt: skip
    assert set(ids(SearchResult(0, remote))) == {"mobilite-nationale", "budget"}
    assert (result.total, result.remote_total) == (8, 2)
    first = search(code_commune=BELFORT, rayon_km=50, taille=1)  # counted beyond the page
    assert (first.total, first.remote_total) == (8, 2)
    worded = search(code_commune=BELFORT, rayon_km=50, q="accompagnement budgétaire")
    assert worded.remote_total == 1


def test_a_remote_service_whose_zone_names_the_place_ranks_above_nationwide_ones(
    search, ids
) -> None:
    result = search(code_commune=DELLE, rayon_km=1)  # cv (zone 90) is 19 km away
    remote = [i for i, h in zip(ids(result), result.hits, strict=True) if h.distance_km is None]
    assert remote == ["cv", "budget", "mobilite-nationale"]  # by name: cv would come last
    second = search(code_commune=DELLE, rayon_km=1, taille=1, page=len(result.hits) - 1)
    assert ids(second) == ["budget"]  # paging walks the tiers in the same order


def test_in_person_services_beyond_the_radius_are_left_out(search, ids) -> None:
    assert "aidants" in ids(search(code_commune=BELFORT, rayon_km=50))  # Mulhouse, 38 km
    assert "aidants" not in ids(search(code_commune=BELFORT, rayon_km=30))


def test_remote_services_match_beyond_the_radius(search, ids) -> None:
    result = search(code_commune=BELFORT, rayon_km=1)
    remote = {i for i, h in zip(ids(result), result.hits, strict=True) if h.distance_km is None}
    assert {"mobilite-nationale", "budget"} <= remote


def test_a_service_in_person_and_remote_within_reach_is_an_in_person_result(search, ids) -> None:
    result = search(code_commune=BELFORT, rayon_km=10)
    distances = dict(zip(ids(result), (h.distance_km for h in result.hits), strict=True))
    assert distances["cv"] is not None and distances["cv"] < 1


def test_a_commune_zone_is_eligible_in_that_commune_only(search, ids) -> None:
    assert "creche-delle" in ids(search(code_commune=DELLE))
    assert "creche-delle" not in ids(search(code_commune=BELFORT))


def test_an_epci_zone_covers_the_communes_of_the_epci(search, ids) -> None:
    assert "garderie-epci" in ids(search(code_commune=BELFORT))  # Grand Belfort
    assert "garderie-epci" not in ids(search(code_commune=DELLE))  # another EPCI, 20 km


def test_a_departement_zone_covers_its_communes_only(search, ids) -> None:
    assert "auto-ecole" in ids(search(code_commune=MONTBELIARD))
    assert "auto-ecole" not in ids(search(code_commune=BELFORT))  # 15 km, but in the 90
    assert "cv" in ids(search(code_commune=DELLE))  # zone "90"


def test_a_france_zone_is_eligible_everywhere(search, ids) -> None:
    for commune in (BELFORT, DELLE, MONTBELIARD, "13108"):
        assert "mobilite-nationale" in ids(search(code_commune=commune))


def test_a_service_whose_zone_names_another_commune_is_not_eligible(search, ids) -> None:
    assert "lepuix" not in ids(search(code_commune=BELFORT))


def test_publics_match_tous_publics_and_services_naming_no_public(search, ids) -> None:
    found = set(ids(search(code_commune=BELFORT, publics=("jeunes",))))
    assert {"cv", "garage", "logement", "urgence"} <= found  # jeunes, tous-publics, none
    assert "aidants" not in found  # familles only


def test_a_category_means_all_its_sub_thematiques(search, ids) -> None:
    found = set(ids(search(code_commune=BELFORT, thematiques=("logement-hebergement",))))
    assert found == {"logement", "urgence"}


def test_the_childcare_frein_is_distinct_from_family(search, ids) -> None:
    assert set(ids(search(code_commune=BELFORT, freins=("garde-enfants",)))) == {"garderie-epci"}
    assert set(ids(search(code_commune=BELFORT, freins=("famille",)))) == {"aidants"}


def test_several_freins_match_any_of_them(search, ids) -> None:
    found = set(ids(search(code_commune=BELFORT, freins=("mobilite", "garde-enfants"))))
    assert found == {"garage", "garderie-epci", "mobilite-nationale"}


def test_drafts_and_archived_services_never_match(search, ids) -> None:
    found = ids(search(code_commune=BELFORT, rayon_km=200, taille=100))
    assert "brouillon" not in found and "archive" not in found


def test_frais_type_mode_and_source_filters(search, ids) -> None:
    assert set(ids(search(code_commune=BELFORT, frais=("payant",)))) == {"garage"}
    assert set(ids(search(code_commune=BELFORT, types=("information",)))) == {"logement"}
    remote_only = set(ids(search(code_commune=BELFORT, modes_accueil=("a-distance",))))
    assert remote_only == {"mobilite-nationale", "budget", "cv"}
    assert ids(search(code_commune=BELFORT, sources=("autre-source",))) == []


def test_a_typo_in_the_query_still_finds_the_garage(search, ids) -> None:
    assert ids(search(code_commune=BELFORT, q="garaje solidaire"))[:1] == ["garage"]


def test_a_query_without_accents_finds_the_creche(search, ids) -> None:
    assert ids(search(code_commune=DELLE, q="creche")) == ["creche-delle"]


def test_synonyms_bridge_referents_words(search, ids) -> None:
    assert ids(search(code_commune=BELFORT, q="CV")) == ["cv"]


def test_text_queries_keep_eligibility_and_use_synonyms(search, ids) -> None:
    # Delle's crèche is not eligible in Belfort; a halte-garderie is a crèche's synonym.
    assert ids(search(code_commune=BELFORT, q="creche")) == ["garderie-epci"]


def test_pages_walk_through_the_same_order(search, ids) -> None:
    whole = ids(search(code_commune=BELFORT, taille=100))
    pages = [ids(search(code_commune=BELFORT, taille=3, page=p)) for p in (1, 2, 3)]
    assert [i for page in pages for i in page] == whole


def test_facets_count_the_whole_result(search) -> None:
    result = search(code_commune=BELFORT, taille=1)
    assert result.total == 8
    assert result.facets["freins"]["mobilite"] == 2
    assert result.facets["freins"]["logement"] == 2
    assert sum(result.facets["modes_accueil"].values()) >= result.total


def test_the_response_says_which_backend_answered(search, backend) -> None:
    assert search(code_commune=BELFORT).engine == backend.name
