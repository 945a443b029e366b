"""Geography, measures, observations, imports, indicators and their computed values."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import (
    can_read_municipal,
    is_authenticated,
    is_star_admin,
    is_star_reader,
    is_star_staff,
)
from core.fields import SingleLineCharField
from core.formatting import municipality_name
from core.models import StarModel, TimeStampedModel

from .fields import CodeListField
from .groups import BENEFIT_GROUP_CHOICES

#: Reference data: every logged-in user reads it; only administrators change it.
REFERENCE_DATA_RULES = {
    "view": is_authenticated,
    "add": is_star_admin,
    "change": is_star_admin,
    "delete": is_star_admin,
}


class Region(StarModel):
    """One of Denmark's five regions (DAGI regionskode 1081-1085)."""

    code = models.PositiveSmallIntegerField(_("regionskode"), primary_key=True)
    name = models.CharField(_("navn"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["code"]
        rules_permissions = REFERENCE_DATA_RULES

    def __str__(self):
        return f"Region {self.name}"


class Municipality(StarModel):
    """One of the 98 municipalities (kommuner), keyed by its kommunekode (101 ... 860)."""

    code = models.PositiveSmallIntegerField(_("kommunekode"), primary_key=True)
    name = models.CharField(_("navn"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    rar = models.CharField(_("RAR-område (historisk)"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("folketal"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("folketal, år"), null=True, blank=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        rules_permissions = REFERENCE_DATA_RULES

    def __str__(self):
        return self.name

    @property
    def official_name(self):
        """'Københavns Kommune', 'Aarhus Kommune' (core.formatting.municipality_name)."""
        return municipality_name(self.name)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:municipality_detail", args=[self.code])


class MunicipalityCluster(TimeStampedModel):
    """A municipality's jobindsats cluster (klynge) in one benefit group's classification.

    STAR staff load a classification from a file (all or nothing, ``cluster_services.py``); a
    file replaces the classifications of the groups it names. Published reference data: every
    logged-in user reads it (CONTRACT §4), STAR staff change it; every change is history."""

    group = models.CharField(_("ydelsesgruppe"), max_length=40, choices=BENEFIT_GROUP_CHOICES)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("kommune")
    )
    cluster = SingleLineCharField(_("klynge"), max_length=60)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klyngeplacering")
        verbose_name_plural = _("klyngeinddelinger")
        ordering = ["group", "cluster", "municipality__name"]
        rules_permissions = {
            "view": is_authenticated,
            "add": is_star_staff,
            "change": is_star_staff,
            "delete": is_star_staff,
        }
        constraints = [
            models.UniqueConstraint(
                fields=["group", "municipality"], name="municipality_cluster_unique"
            )
        ]

    def __str__(self):
        return f"{self.group}: {self.municipality_id} → {self.cluster}"


#: Definitions (measures, indicators) are public to every logged-in user; STAR staff edit.
DEFINITION_RULES = {
    "view": is_authenticated,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}
#: Operational records of STAR (imports, computation runs): readers see, staff start them.
OPERATION_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_admin,
}
#: Figures of one municipality: STAR readers see all, a job-centre manager his own.
MUNICIPAL_FIGURE_RULES = {
    "view": can_read_municipal,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_admin,
}


class TargetGroup(models.TextChoices):
    """The target groups the reforms are about (seeds 001 and 004: the largest groups of the
    job centres). A measure counts one target group (or everyone); an indicator on such
    measures is that group's indicator (docs/indicators-computation.md, *Målgrupper*)."""

    UNGE = "unge", _("Unge under 30 år")
    OVER_30 = "over30", _("Ledige over 30 år")
    SYGEMELDTE = "sygemeldte", _("Sygemeldte")
    FLEKSJOB = "fleksjob", _("Fleksjobvisiterede")
    RESSOURCEFORLOEB = "ressourceforloeb", _("Borgere i ressourceforløb")


class Measure(TimeStampedModel):
    """A statistical series imported per municipality and month (e.g. kth_modtagere)."""

    code = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=40, blank=True, default="personer")
    source = models.CharField(_("kilde"), max_length=200, blank=True, default="jobindsats.dk")
    framework = models.BooleanField(
        _("rammevilkår"),
        default=False,
        help_text=_("Bruges som forklarende variabel i modellen for det forventede niveau."),
    )
    target_group = models.CharField(
        _("målgruppe"),
        max_length=20,
        choices=TargetGroup.choices,
        null=True,
        blank=True,
        help_text=_("Tom: målingen tæller alle, ikke én målgruppe."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        ordering = ["code"]
        rules_permissions = DEFINITION_RULES

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:measure_detail", args=[self.pk])


class ImportBatch(TimeStampedModel):
    """One import of an observation file (or a jobindsats fetch): who, what, counts, errors."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JOBINDSATS_JSON = "jobindsats-json", _("jobindsats JSON")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kører")
        PENDING = "pending", _("I gang")
        SUCCEEDED = "succeeded", _("Gennemført")
        FAILED = "failed", _("Afvist")
        DRY_RUN = "dry_run", _("Prøvekørsel")

    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("importeret af"),
    )
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    file_name = models.CharField(_("filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rækker"), default=0)
    created = models.PositiveIntegerField(_("oprettet"), default=0)
    updated = models.PositiveIntegerField(_("opdateret"), default=0)
    unchanged = models.PositiveIntegerField(_("uændret"), default=0)
    skipped = models.PositiveIntegerField(_("sprunget over"), default=0)
    ignored = models.PositiveIntegerField(
        _("ikke brugt"),
        default=0,
        help_text=_("Celler i jobindsats-data som målingskortet ikke bruger (0 for CSV/XLSX)."),
    )
    ignored_detail = models.JSONField(
        _("ikke brugte kolonner, dimensioner og områder"), default=list, blank=True
    )
    errors = models.JSONField(_("fejl"), default=list, blank=True)
    error_count = models.PositiveIntegerField(
        _("antal fejl"),
        default=0,
        help_text=_("Alle fejl i filen; de første IMPORT_MAX_ERRORS er gemt."),
    )
    periods = models.JSONField(_("berørte perioder"), default=list, blank=True)
    # A large file is imported by the worker (indicators/imports/queued.py): the upload is kept
    # here until the import has finished, the options it was sent with beside it.
    upload = models.FileField(_("uploadet fil"), upload_to="imports/%Y/%m/", blank=True)
    dry_run = models.BooleanField(_("prøvekørsel"), default=False)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    step = models.CharField(_("trin"), max_length=200, blank=True)
    task_id = models.CharField(_("job-id"), max_length=64, blank=True)
    computation_run = models.ForeignKey(
        "ComputationRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("beregning"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at"]
        rules_permissions = OPERATION_RULES

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:import_detail", args=[self.pk])

    @property
    def in_progress(self):
        """Queued for or running in the worker (its page refreshes itself)."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class JobindsatsFetch(TimeStampedModel):
    """A fetch from jobindsats that STAR staff started on the import page (run by the worker)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kører")
        SUCCEEDED = "succeeded", _("Gennemført")
        FAILED = "failed", _("Fejlet")

    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobindsats_fetches",
        verbose_name=_("bestilt af"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    step = models.CharField(_("trin"), max_length=200, blank=True)
    summaries = models.JSONField(_("resultat pr. tabel"), default=list, blank=True)
    batches = models.JSONField(_("importer"), default=list, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    task_id = models.CharField(_("job-id"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("hentning fra jobindsats")
        verbose_name_plural = _("hentninger fra jobindsats")
        ordering = ["-created_at"]
        rules_permissions = OPERATION_RULES

    def __str__(self):
        return _("Hentning fra jobindsats nr. %(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:jobindsats_fetch_detail", args=[self.pk])


class Observation(StarModel):
    """The value of a measure for one municipality and month; null value = missing in source."""

    # Bulk-loaded fact table: the import validates measure and municipality against the
    # database before one set-based upsert, and deletes go through the ORM (PROTECT/SET_NULL),
    # so the per-row foreign-key triggers (the largest cost of loading millions of rows) and
    # indexes the unique constraint already covers are left out (docs/indicators-import.md).
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("måling"),
        db_constraint=False,
        db_index=False,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("kommune"),
        db_constraint=False,
        db_index=False,
    )
    period = models.DateField(_("måned"), help_text=_("Månedens første dag."))
    value = models.FloatField(_("værdi"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("import"),
        db_constraint=False,
        db_index=False,
    )

    # The cell is the key (migration 0009): one index serves uniqueness, the import's
    # comparison and the computation's reads by measure and period range ((measure, period)
    # leads, the municipality completes the cell). A surrogate id would add a column and a
    # second index that every bulk load builds; nothing refers to single observations by id.
    pk = models.CompositePrimaryKey("measure", "period", "municipality")

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")
        rules_permissions = MUNICIPAL_FIGURE_RULES

    def __str__(self):
        return f"{self.measure.code} {self.municipality_id} {self.period:%Y-%m}: {self.value}"


class Indicator(TimeStampedModel):
    """A sigtelinje or implementation indicator: scale * numerator / denominator per month."""

    class Kind(models.TextChoices):
        SIGTELINJE = "sigtelinje", _("Sigtelinje")
        IMPLEMENTATION = "implementation", _("Implementeringsindikator")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", _("Højere er bedre")
        LOWER_IS_BETTER = "lower_is_better", _("Lavere er bedre")

    code = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("reform"),
    )
    numerator = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="numerator_of", verbose_name=_("tæller")
    )
    denominator = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="denominator_of",
        verbose_name=_("nævner"),
    )
    scale = models.FloatField(
        _("skala"), default=100.0, help_text=_("100 for en procentandel, 1 for et antal.")
    )
    direction = models.CharField(
        _("retning"), max_length=20, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    unit = models.CharField(_("enhed"), max_length=40, blank=True, default="pct.")
    framework = models.ManyToManyField(
        Measure, blank=True, related_name="framework_of", verbose_name=_("rammevilkår")
    )
    milestone_threshold = models.FloatField(_("milepæl: tærskel"), null=True, blank=True)
    milestone_months = models.PositiveSmallIntegerField(
        _("milepæl: måneder i træk"), null=True, blank=True
    )
    target_group = models.CharField(
        _("målgruppe"),
        max_length=20,
        choices=TargetGroup.choices,
        null=True,
        blank=True,
        help_text=_("Tom: indikatoren gælder alle. Ellers tællerens målgruppe."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="target_group_indicators",
        verbose_name=_("samlet indikator"),
        help_text=_("Den indikator for alle, som denne målgruppeindikator er en del af."),
    )
    benefit_group = models.CharField(
        _("ydelsesgruppe (klynger)"),
        max_length=40,
        choices=BENEFIT_GROUP_CHOICES,
        blank=True,
        help_text=_(
            "Hvilken ydelsesgruppes klyngeinddeling indikatorens klyngeværdi beregnes efter; "
            "tom: Ydelsesgrupper i alt."
        ),
    )
    formula_description = models.TextField(_("beregning i ord"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords(m2m_fields=[framework])

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["code"]
        rules_permissions = DEFINITION_RULES

    def __str__(self):
        return self.name

    @property
    def is_count(self):
        """A count (no denominator): shown without decimals, not ranked against the rates of
        others and not drawn on one axis with the national total."""
        return self.denominator_id is None

    @property
    def decimals(self):
        """Decimals of its figures on every surface: none for a count, one for a rate."""
        return 0 if self.is_count else 1

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:indicator_detail", args=[self.pk])


class ComputationRun(TimeStampedModel):
    """One computation of indicator values (a Celery job); the UI and API show its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kører")
        SUCCEEDED = "succeeded", _("Gennemført")
        FAILED = "failed", _("Fejlet")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Manuelt")
        IMPORT = "import", _("Import")
        SCHEDULE = "schedule", _("Planlagt")
        COMMAND = "command", _("Kommando")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    trigger = models.CharField(
        _("udløst af"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL
    )
    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="computation_runs",
        verbose_name=_("bestilt af"),
    )
    periods = models.JSONField(
        _("perioder"), default=list, blank=True, help_text=_("Tom liste = alle perioder med data.")
    )
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    rows_written = models.PositiveIntegerField(_("rækker skrevet"), default=0)
    rows_changed = models.PositiveIntegerField(
        _("rækker ændret"),
        default=0,
        help_text=_(
            "Rækker hvis tal ændrede sig (nye og genskabte rækker medregnet); uændrede måneder "
            "skrives ikke om."
        ),
    )
    error = models.TextField(_("fejl"), blank=True)
    task_id = models.CharField(_("job-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("beregning")
        verbose_name_plural = _("beregninger")
        ordering = ["-created_at"]
        rules_permissions = OPERATION_RULES

    def __str__(self):
        return f"{_('Beregning')} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:run_detail", args=[self.pk])


class IndicatorValue(StarModel):
    """Every figure of CONTRACT.md §6 for one indicator, municipality and month."""

    # Few indexes and no per-row FK triggers on run/municipality: the computation rewrites
    # whole periods with COPY (see docs/indicators-computation.md). The unique constraint
    # (indicator, period, municipality) serves reads by indicator and period.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indikator"),
        db_index=False,
        # Derived rows written only by the computation (which takes the indicator ids from the
        # table itself); Django's collector still cascades deletes. A database FK would cost a
        # deferred trigger per row: ~0.5 s of the first computation of 117 600 rows.
        db_constraint=False,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("kommune"),
        db_index=False,
        db_constraint=False,
    )
    period = models.DateField(_("måned"))
    value = models.FloatField(_("værdi"), null=True)
    numerator = models.FloatField(_("tæller"), null=True)
    denominator = models.FloatField(_("nævner"), null=True)
    suppressed = models.BooleanField(_("diskretioneret"), default=False)
    rank = models.PositiveSmallIntegerField(_("placering"), null=True)
    rank_of = models.PositiveSmallIntegerField(_("placeret blandt"), null=True)
    national_value = models.FloatField(_("landsværdi"), null=True)
    region_value = models.FloatField(_("regionsværdi"), null=True)
    cluster_value = models.FloatField(_("klyngeværdi"), null=True)
    change_3m = models.FloatField(_("ændring 3 mdr."), null=True)
    change_12m = models.FloatField(_("ændring 12 mdr."), null=True)
    expected = models.FloatField(_("forventet niveau"), null=True)
    residual = models.FloatField(_("afvigelse fra forventet"), null=True)
    peers = CodeListField(_("sammenlignelige kommuner"), null=True)
    milestone_reached = models.DateField(_("milepæl nået"), null=True)
    run = models.ForeignKey(
        ComputationRun,
        on_delete=models.SET_NULL,
        null=True,
        related_name="values",
        verbose_name=_("beregning"),
        db_index=False,
        db_constraint=False,
    )

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("indikatorværdi")
        verbose_name_plural = _("indikatorværdier")
        rules_permissions = MUNICIPAL_FIGURE_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "municipality"], name="indicator_value_unique_cell"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "period"], name="indvalue_municipality_period"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.municipality_id} {self.period:%Y-%m}"


class IndicatorMonth(models.Model):
    """A fingerprint of the stored figures of one indicator and month (all 98 rows).

    The computation compares the fingerprint of what it computed with this one and rewrites
    only the months whose figures changed, so a full recomputation over unchanged data writes
    nothing and a changed month is replaced as a whole (DELETE + COPY). IndicatorValue rows are
    written only by the computation; ``compute_indicators --force`` rewrites every month.
    """

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="months",
        verbose_name=_("indikator"),
        db_index=False,
    )
    period = models.DateField(_("måned"))
    digest = models.BigIntegerField(_("fingeraftryk"))
    rows = models.PositiveIntegerField(_("rækker"), default=0)
    run = models.ForeignKey(
        ComputationRun,
        on_delete=models.SET_NULL,
        null=True,
        related_name="months",
        verbose_name=_("beregning"),
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("indikatormåned")
        verbose_name_plural = _("indikatormåneder")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="indicator_month_unique")
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period:%Y-%m}"


class NationalTarget(TimeStampedModel):
    """The national target of an indicator (a sigtelinje) and the path the national value is
    expected to follow to it: linear from the start value to the target value, or loaded month
    by month (NationalPathPoint)."""

    class PathKind(models.TextChoices):
        LINEAR = "linear", _("Lineær sti fra start til mål")
        LOADED = "loaded", _("Indlæst sti, måned for måned")

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="national_target",
        verbose_name=_("indikator"),
    )
    start_period = models.DateField(_("startmåned"), help_text=_("Månedens første dag."))
    start_value = models.FloatField(_("startværdi"))
    target_period = models.DateField(_("målmåned"), help_text=_("Hvornår målet skal være nået."))
    target_value = models.FloatField(_("målværdi"))
    path_kind = models.CharField(
        _("sti"), max_length=10, choices=PathKind.choices, default=PathKind.LINEAR
    )
    note = models.TextField(_("bemærkning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("landsmål")
        verbose_name_plural = _("landsmål")
        ordering = ["indicator__code"]
        rules_permissions = DEFINITION_RULES
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_period__gt=models.F("start_period")),
                name="national_target_after_start",
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.target_value:g} ({self.target_period:%Y-%m})"


class NationalPathPoint(StarModel):
    """One month of a loaded national path (NationalTarget.PathKind.LOADED)."""

    target = models.ForeignKey(
        NationalTarget, on_delete=models.CASCADE, related_name="points", verbose_name=_("landsmål")
    )
    period = models.DateField(_("måned"))
    value = models.FloatField(_("forventet landsværdi"))

    class Meta:
        verbose_name = _("punkt på stien")
        verbose_name_plural = _("punkter på stien")
        ordering = ["target", "period"]
        rules_permissions = DEFINITION_RULES
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="national_path_point_unique")
        ]

    def __str__(self):
        return f"{self.target.indicator.code} {self.period:%Y-%m}: {self.value:g}"
