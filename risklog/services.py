"""Writes of the plan and the risk log. Pages, the API, admin actions, tasks and the demo data
all call these; every rule of the issue (matrix bounds, residual above inherent, required owner
and due date, no closing with open actions, required reasons) is checked here or in the models'
clean(), so a bad input is a ValidationError and nothing is saved."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import da_date
from core.links import site_url
from core.mail import mail_send, notify_each
from core.pdf import render_pdf
from core.services import model_save, model_update, task_enqueue_on_commit
from reforms.models import Group, Meeting
from reforms.services import escalation_raise

from . import selectors
from .models import (
    Assessment,
    DigestDispatch,
    EscalationLink,
    Initiative,
    MeetingPackPdf,
    MitigationAction,
    Risk,
    StatusRequest,
    StatusUpdate,
)

# ----------------------------------------------------------------------------- initiatives


def _check_dependencies(initiative, depends_on):
    errors = []
    for other in depends_on:
        if other.pk == initiative.pk:
            errors.append(_("Et initiativ kan ikke afhænge af sig selv."))
        elif other.reform_id != initiative.reform_id:
            errors.append(_("»%(other)s« hører til en anden reform.") % {"other": other.title})
    # A cycle: one of the new prerequisites (transitively) depends on this initiative.
    seen, stack = set(), [o.pk for o in depends_on]
    while stack and initiative.pk:
        pk = stack.pop()
        if pk == initiative.pk:
            errors.append(_("Afhængighederne danner en cirkel."))
            break
        if pk in seen:
            continue
        seen.add(pk)
        stack.extend(
            Initiative.depends_on.through.objects.filter(from_initiative_id=pk).values_list(
                "to_initiative_id", flat=True
            )
        )
    if errors:
        raise ValidationError({"depends_on": errors})


@transaction.atomic
def initiative_create(*, reform, by, indicators=(), depends_on=(), **fields):
    """Create an initiative of reform's implementation plan."""
    initiative = Initiative(reform=reform, **fields)
    model_save(initiative, by=by)
    _set_initiative_links(initiative, indicators, depends_on)
    return initiative


@transaction.atomic
def initiative_update(*, initiative, by, indicators=None, depends_on=None, **fields):
    model_update(instance=initiative, data=fields, by=by)
    _set_initiative_links(initiative, indicators, depends_on)
    return initiative


def _set_initiative_links(initiative, indicators, depends_on):
    if indicators is not None:
        _check_indicators(initiative.reform, indicators, "indicators")
        initiative.indicators.set(indicators)
    if depends_on is not None:
        _check_dependencies(initiative, list(depends_on))
        initiative.depends_on.set(depends_on)


def _check_indicators(reform, indicators, field):
    wrong = [i for i in indicators if i.reform_id not in (None, reform.pk)]
    if wrong:
        raise ValidationError(
            {
                field: _("Indikatoren »%(name)s« hører til en anden reform.")
                % {"name": wrong[0].name}
            }
        )


@transaction.atomic
def initiative_report_status(
    *, initiative, by, content_status, progress_status, percent_complete, text="", at=None
):
    """Record a status update (a row) and make it the initiative's current status."""
    update = StatusUpdate(
        initiative=initiative,
        created_by=by,
        created_at=at or timezone.now(),
        content_status=content_status,
        progress_status=progress_status,
        percent_complete=percent_complete,
        text=text,
    )
    update.full_clean()
    update.save()
    initiative.content_status = content_status
    initiative.progress_status = progress_status
    initiative.percent_complete = percent_complete
    initiative.status_reason = text
    initiative.status_updated_at = update.created_at
    model_save(initiative, by=by)
    return update


# ----------------------------------------------------------------------------- risks


@transaction.atomic
def risk_create(*, reform, by, indicators=(), initiatives=(), **fields):
    """Create a risk; its first review is due one interval from today."""
    risk = Risk(reform=reform, **fields)
    if risk.next_review_date is None:
        risk.next_review_date = timezone.localdate() + datetime.timedelta(
            days=risk.review_interval_days
        )
    model_save(risk, by=by)
    _set_risk_links(risk, indicators, initiatives)
    return risk


@transaction.atomic
def risk_update(*, risk, by, indicators=None, initiatives=None, **fields):
    model_update(instance=risk, data=fields, by=by)
    _set_risk_links(risk, indicators, initiatives)
    return risk


def _set_risk_links(risk, indicators, initiatives):
    if indicators is not None:
        _check_indicators(risk.reform, indicators, "indicators")
        risk.indicators.set(indicators)
    if initiatives is not None:
        wrong = [i for i in initiatives if i.reform_id != risk.reform_id]
        if wrong:
            raise ValidationError(
                {
                    "initiatives": _("Initiativet »%(title)s« hører til en anden reform.")
                    % {"title": wrong[0].title}
                }
            )
        risk.initiatives.set(initiatives)


def assessment_errors(
    *, inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, note, lookup
):
    """{field: message} for an assessment outside the matrix or with an unexplained rise."""
    errors = {}
    values = {
        "inherent_likelihood": inherent_likelihood,
        "inherent_impact": inherent_impact,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
    }
    scale = sorted({key[0] for key in lookup}) or [1, 2, 3, 4, 5]
    for name, value in values.items():
        if not isinstance(value, int) or value not in scale:
            errors[name] = _("Værdien skal være et helt tal fra %(low)s til %(high)s.") % {
                "low": scale[0],
                "high": scale[-1],
            }
    if errors:
        return errors
    inherent = lookup.get((inherent_likelihood, inherent_impact))
    residual = lookup.get((residual_likelihood, residual_impact))
    if inherent is None or residual is None:
        return {"__all__": _("Feltet findes ikke i risikomatricen.")}
    if residual.rank > inherent.rank and not (note or "").strip():
        errors["note"] = _(
            "Risikoniveauet efter tiltag (%(residual)s) er højere end før tiltag (%(inherent)s). "
            "Forklar hvorfor i bemærkningen."
        ) % {"residual": residual.name, "inherent": inherent.name}
    return errors


@transaction.atomic
def risk_assess(
    *,
    risk,
    by,
    inherent_likelihood,
    inherent_impact,
    residual_likelihood,
    residual_impact,
    note="",
    at=None,
):
    """Record an assessment (a row), make it the risk's latest and set the next review date."""
    errors = assessment_errors(
        inherent_likelihood=inherent_likelihood,
        inherent_impact=inherent_impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        note=note,
        lookup=selectors.matrix_lookup(),
    )
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        risk=risk,
        inherent_likelihood=inherent_likelihood,
        inherent_impact=inherent_impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        note=note,
        assessed_by=by,
        assessed_at=at or timezone.now(),
    )
    model_save(assessment, by=by)
    latest = risk.assessments.order_by("-assessed_at", "-pk").first()
    risk.latest_assessment = latest
    risk.next_review_date = timezone.localdate(latest.assessed_at) + datetime.timedelta(
        days=risk.review_interval_days
    )
    risk._history_user = by
    risk.save(update_fields=["latest_assessment", "next_review_date", "updated_at"])
    return assessment


def last_assessment_initial(risk):
    """The values of the risk's latest assessment, to pre-fill a new one ("kopiér sidste")."""
    latest = risk.assessments.order_by("-assessed_at", "-pk").first()
    if latest is None:
        return {}
    return {
        "inherent_likelihood": latest.inherent_likelihood,
        "inherent_impact": latest.inherent_impact,
        "residual_likelihood": latest.residual_likelihood,
        "residual_impact": latest.residual_impact,
        "note": latest.note,
    }


@transaction.atomic
def action_create(*, risk, by, **fields):
    action = MitigationAction(risk=risk, **fields)
    _apply_completion(action)
    return model_save(action, by=by)


@transaction.atomic
def action_update(*, action, by, **fields):
    for name, value in fields.items():
        setattr(action, name, value)
    _apply_completion(action)
    return model_save(action, by=by)


def _apply_completion(action):
    if action.status == MitigationAction.Status.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    elif action.status != MitigationAction.Status.DONE:
        action.completed_on = None


@transaction.atomic
def risk_escalate(*, risk, by, subject, proposal, cause=""):
    """Propose an action on the risk to the reform's steering group."""
    escalation = escalation_raise(
        reform=risk.reform,
        subject=subject,
        cause=cause,
        proposal=proposal,
        by=by,
        indicator=risk.indicators.first(),
    )
    EscalationLink.objects.create(escalation=escalation, risk=risk)
    return escalation


@transaction.atomic
def initiative_escalate(*, initiative, by, subject, proposal, cause=""):
    """Propose an action on a stalled initiative to the steering group."""
    escalation = escalation_raise(
        reform=initiative.reform,
        subject=subject,
        cause=cause,
        proposal=proposal,
        by=by,
        indicator=initiative.indicators.first(),
    )
    EscalationLink.objects.create(escalation=escalation, initiative=initiative)
    return escalation


# ----------------------------------------------------------------------------- meeting pack PDF


def meeting_pack_pdf_request(*, meeting, by):
    """Order a PDF of the meeting pack; the worker renders it (queue `reports`)."""
    from .tasks import render_meeting_pack_pdf

    pdf = MeetingPackPdf.objects.create(meeting=meeting, requested_by=by)
    # Broker down: the order stays pending (logged) instead of failing the request.
    task_enqueue_on_commit(
        render_meeting_pack_pdf, args=[pdf.pk], queue="reports", event="meeting_pack_enqueue_failed"
    )
    return pdf


def meeting_pack_html(meeting):
    """The meeting pack as a self-contained HTML document (what the PDF prints)."""
    context = selectors.meeting_pack(meeting)
    context["print"] = True
    return render_to_string("risklog/meeting_pack_print.html", context)


def meeting_pack_pdf_render(*, pdf_id):
    """Render the ordered PDF (safe to run twice: a finished PDF is left alone)."""
    pdf = MeetingPackPdf.objects.select_related("meeting__group__reform").get(pk=pdf_id)
    if pdf.status == MeetingPackPdf.Status.DONE and pdf.file:
        return pdf
    MeetingPackPdf.objects.filter(pk=pdf.pk).update(status=MeetingPackPdf.Status.RUNNING)
    try:
        html = meeting_pack_html(pdf.meeting)
        data = render_pdf(html)
    except Exception as exc:
        MeetingPackPdf.objects.filter(pk=pdf.pk).update(
            status=MeetingPackPdf.Status.FAILED, error=str(exc)[:2000]
        )
        raise
    name = f"moedepakke-{pdf.meeting.group.reform.slug}-{pdf.meeting.starts_at:%Y%m%d}-{pdf.pk}.pdf"
    pdf.file.save(name, ContentFile(data), save=False)
    pdf.status = MeetingPackPdf.Status.DONE
    pdf.finished_at = timezone.now()
    pdf.error = ""
    pdf.save()
    return pdf


# ----------------------------------------------------------------------------- e-mails


def status_requests_send(*, now=None, days_before=None):
    """E-mail every responsible person of an unfinished initiative a link to update their
    initiatives, `days_before` days (default settings.RISKLOG_STATUS_REQUEST_DAYS) before each
    implementation-group meeting. Each person gets one mail per meeting, however often this
    runs (a StatusRequest row records it). Returns the number of mails sent."""
    now = now or timezone.now()
    days = days_before if days_before is not None else settings.RISKLOG_STATUS_REQUEST_DAYS
    meetings = Meeting.objects.filter(
        group__kind=Group.Kind.IMPLEMENTATION,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=days),
    ).select_related("group__reform")
    sent = 0
    for meeting in meetings:
        reform = meeting.group.reform
        initiatives = Initiative.objects.filter(
            reform=reform, percent_complete__lt=100, responsible_person__isnull=False
        ).select_related("responsible_person")
        by_person = {}
        for initiative in initiatives:
            by_person.setdefault(initiative.responsible_person, []).append(initiative)
        people = [(p, items) for p, items in sorted(by_person.items(), key=lambda kv: kv[0].pk)]
        count, _failed = notify_each(
            [(meeting, p, items) for p, items in people if p.email],
            lambda item: _send_status_request(meeting=item[0], person=item[1], initiatives=item[2]),
            kind="status_request",
            targets=lambda item: [
                StatusRequest.objects.get_or_create(meeting=item[0], person=item[1])[0]
            ],
            event="status_request_mail_failed",
        )
        sent += count
    return sent


def _send_status_request(*, meeting, person, initiatives):
    with transaction.atomic():
        request, _created = StatusRequest.objects.get_or_create(meeting=meeting, person=person)
        request = StatusRequest.objects.select_for_update().get(pk=request.pk)
        if request.sent_at:
            return 0
        reform = meeting.group.reform
        plan_url = reverse("risklog:plan", kwargs={"slug": reform.slug})
        body = render_to_string(
            "risklog/email/status_request.txt",
            {
                "person": person,
                "meeting": meeting,
                "reform": reform,
                "initiatives": initiatives,
                "link": site_url(f"{plan_url}?responsible_person={person.pk}"),
                "update_links": [
                    (
                        i,
                        site_url(
                            reverse(
                                "risklog:initiative_status",
                                kwargs={"slug": reform.slug, "pk": i.pk},
                            )
                        ),
                    )
                    for i in initiatives
                ],
            },
        )
        mail_send(
            subject=_("Statusopdatering før mødet %(date)s: %(reform)s")
            % {
                "date": da_date(timezone.localtime(meeting.starts_at).date()),
                "reform": reform.name,
            },
            body=body,
            to=person.email,
        )
        request.sent_at = timezone.now()
        request.save(update_fields=["sent_at"])
    return 1


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def risk_digests_send(*, today=None):
    """E-mail each owner a digest of overdue and coming actions and reviews, once a week
    (a DigestDispatch row per person and week), with the failed notifications for STAR staff.
    Each person on its own: a failed send is logged and recorded on the person, the row stays
    unsent for the next run, and the others get theirs. Returns the number of mails sent."""
    today = today or timezone.localdate()
    week = week_start(today)
    digests = [
        selectors.digest_for(p, today=today) for p in selectors.digest_recipients(today=today)
    ]
    sent, _failed = notify_each(
        [d for d in digests if len(d)],
        lambda digest: _send_digest(digest, today=today, week=week),
        kind="risk_digest",
        targets=lambda digest: [digest.person],
        event="risk_digest_mail_failed",
    )
    return sent


def _send_digest(digest, *, today, week):
    person = digest.person
    with transaction.atomic():
        row, _created = DigestDispatch.objects.get_or_create(person=person, week=week)
        row = DigestDispatch.objects.select_for_update().get(pk=row.pk)
        if row.sent_at:
            return 0
        body = render_to_string(
            "risklog/email/digest.txt",
            {"digest": digest, "today": today, "site_url": site_url()},
        )
        mail_send(
            subject=_("Ugeoversigt: %(n)s punkter forfalder (uge %(week)s)")
            % {"n": len(digest), "week": week.isocalendar()[1]},
            body=body,
            to=person.email,
        )
        row.sent_at = timezone.now()
        row.items = len(digest)
        row.save(update_fields=["sent_at", "items"])
        return 1
