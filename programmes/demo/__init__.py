"""Demo data for programmes: organisations, demo users, people, venues and events.

Run first by ``manage.py load_demo``; every row is looked up by a natural key (a slug,
a name within an organisation, a session's title and start) and updated in place, so a
second run changes nothing. The seed events keep their historical dates; four events
are placed relative to the time of loading (one today, one yesterday, two calls) so
that every role finds work whenever the demo is loaded.

``Demo`` carries what each app built, by stable keys, to the apps that load after it
(``demo.users["applicant"]``, ``demo.events["akynw-next"]``). One module per part:

- ``base``: ``Demo``, the demo users and password, upserts of people, venues, events, agendas
- ``accounts``: the organisations and the demo users
- ``asem_sofia``, ``unesco_bangkok``, ``youth_network``, ``korea_forums``: the seed events
- ``relative``: the events placed relative to the time of loading
"""

from __future__ import annotations

from .accounts import load_organisations, load_users
from .asem_sofia import load_asem_cmm8
from .base import DEMO_PASSWORD, DEMO_USERS, Demo
from .korea_forums import load_ev_forum, load_wcif_special_session
from .languages import load_content_languages
from .relative import (
    load_alumni_day_yesterday,
    load_esg_youth_forum,
    load_youth_culture_camp,
    load_youth_dialogue_today,
    todays_session_times,
)
from .unesco_bangkok import load_unesco_focal_points
from .youth_network import load_youth_network, next_open_call_year

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "Demo",
    "load",
    "next_open_call_year",
    "todays_session_times",
]


def load(demo: Demo) -> None:
    """The programmes section: organisations, users, the seed events, the relative events."""
    for section in (
        load_organisations,
        load_users,
        load_asem_cmm8,
        load_unesco_focal_points,
        load_youth_network,
        load_wcif_special_session,
        load_ev_forum,
        load_youth_culture_camp,
        load_esg_youth_forum,
        load_youth_dialogue_today,
        load_alumni_day_yesterday,
        load_content_languages,  # after the events and agendas it translates
    ):
        section(demo)
