"""The reforms app's models, one module per concern, re-exported here so that
`from reforms.models import X` works for every model:

- organisation.py: STAR's offices and people, and the rules STAR-internal objects share;
- reform.py: reforms, their four phases and the phases' checklists;
- groups.py: groups, networks and forums, members, meetings, action items, escalations;
- planning.py: implementability analysis, communication plan, lever bank;
- page.py: the reformside's sections and questions with their service level;
- contacts.py, followups.py, grants.py, public.py, track.py: municipalities' STAR contacts,
  follow-up cases, grant tranches, the public reform page, track snapshots and steering digests.
"""

from .contacts import MunicipalityContact
from .followups import FollowUp, FollowUpComment
from .grants import GrantAmount, GrantTranche
from .groups import (
    ActionItem,
    Escalation,
    Group,
    GroupMember,
    Meeting,
    can_decide_escalation,
    sits_in_steering_group,
)
from .organisation import STAR_RULES, Office, Person
from .page import PageSection, Question
from .planning import CommunicationDelivery, CommunicationItem, ImplementabilityItem, Lever
from .public import Document, LegislativeMilestone, Publication
from .reform import RESERVED_SLUGS, ChecklistItem, Phase, Reform
from .track import SteeringDigest, TrackSnapshot

__all__ = [
    "RESERVED_SLUGS",
    "STAR_RULES",
    "ActionItem",
    "ChecklistItem",
    "CommunicationDelivery",
    "CommunicationItem",
    "Document",
    "Escalation",
    "FollowUp",
    "FollowUpComment",
    "GrantAmount",
    "GrantTranche",
    "Group",
    "GroupMember",
    "ImplementabilityItem",
    "LegislativeMilestone",
    "MunicipalityContact",
    "Lever",
    "Meeting",
    "Office",
    "PageSection",
    "Person",
    "Phase",
    "Publication",
    "Question",
    "Reform",
    "SteeringDigest",
    "TrackSnapshot",
    "can_decide_escalation",
    "sits_in_steering_group",
]
