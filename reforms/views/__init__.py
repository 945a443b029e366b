"""Pages of the reforms app, one module per concern (reforms/urls.py points at each):

- base.py: building blocks (history under edit forms, views under a parent object);
- reform.py: the overview, the workspace, the reformside, phases and checklists;
- groups.py: groups, networks and forums, members, meetings, action items, escalations;
- planning.py: communication plan, implementability analysis, lever bank;
- questions.py: questions from municipalities and a-kasser;
- organisation.py: STAR's offices and people.

Follow-ups and the public reform page have packages of their own (reforms/followups/,
reforms/public/).
"""
