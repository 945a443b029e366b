"""jobindsats' benefit groups (ydelsesgrupper), as the ministry's benchmark (y30r21) names them.

One list: the ministry's benchmark (``official.py``), the cluster classifications
(``MunicipalityCluster``) and the indicators' choice of classification read it."""

BENEFIT_GROUPS = ("Ydelsesgrupper i alt", "A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv.")
#: The classification an indicator without its own benefit group uses (all benefit groups).
DEFAULT_BENEFIT_GROUP = BENEFIT_GROUPS[0]
BENEFIT_GROUP_CHOICES = [(g, g) for g in BENEFIT_GROUPS]


def benefit_group_of(text):
    """The benefit group a cell names (whitespace and case as written by hand), or None."""
    wanted = " ".join(str(text or "").split()).casefold()
    for group in BENEFIT_GROUPS:
        if group.casefold() == wanted:
            return group
    return None
