"""Writes on reforms: creation with phases and checklists, ticking items, escalations and
questions. Views, the API, tasks and demo data all call these."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AKasse, Role, User
from core.formatting import da_date
from core.links import site_url
from core.mail import mail_send, mail_subject, notify_each
from core.notifications import notification_failed, notification_sent
from core.services import model_save, task_enqueue_on_commit

from .checklists import GUIDE_ACTIVITIES
from .models import (
    ChecklistItem,
    CommunicationDelivery,
    Escalation,
    Group,
    GroupMember,
    PageSection,
    Person,
    Phase,
    Question,
    Reform,
    can_decide_escalation,
)


@transaction.atomic
def reform_create(*, by=None, **fields):
    """Create a reform with its four phases (prepare, plan, initial, final), each phase's
    checklist seeded from the guide's activities, and the empty sections of its reformside."""
    reform = model_save(Reform(**fields), by=by)
    for kind in Phase.Kind:
        phase = Phase(reform=reform, kind=kind)
        phase._history_user = by
        phase.save()
        checklist_seed(phase=phase, by=by)
    for kind in PageSection.Kind:
        section = PageSection(reform=reform, kind=kind)
        section._history_user = by
        section.save()
    return reform


def checklist_seed(*, phase, by=None):
    """Add the guide's activities for phase's kind that are not on its checklist yet."""
    existing = set(phase.checklist.values_list("code", flat=True))
    created = []
    for position, (code, title) in enumerate(GUIDE_ACTIVITIES[phase.kind], start=1):
        if code in existing:
            continue
        item = ChecklistItem(phase=phase, code=code, title=title, position=position * 10)
        item._history_user = by
        item.save()
        created.append(item)
    return created


def checklist_item_set_done(*, item, done, by=None, today=None):
    """Tick (or untick) a checklist item; the day it was done is recorded."""
    item.done = done
    item.done_at = (today or timezone.localdate()) if done else None
    item._history_user = by
    item.save(update_fields=["done", "done_at", "updated_at"])
    return item


def group_member_add(*, group, person=None, municipality=None, akasse=None, role="", by=None):
    """Add a person, (to a kommunenetværk) a municipality or (to a network or forum) an
    a-kasse to a group, once."""
    member = GroupMember(
        group=group, person=person, municipality=municipality, akasse=akasse, role=role
    )
    duplicate = GroupMember.objects.filter(group=group)
    if person is not None and duplicate.filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(who)s er allerede medlem af gruppen.") % {"who": person}}
        )
    if municipality is not None and duplicate.filter(municipality=municipality).exists():
        raise ValidationError(
            {"municipality": _("%(who)s er allerede medlem af gruppen.") % {"who": municipality}}
        )
    if akasse is not None and duplicate.filter(akasse=akasse).exists():
        raise ValidationError(
            {"akasse": _("%(who)s er allerede medlem af gruppen.") % {"who": akasse}}
        )
    return model_save(member, by=by)


@transaction.atomic
def escalation_raise(*, reform, subject, proposal, by, cause="", indicator=None):
    """The implementation group proposes an action to the steering group; steering members are
    e-mailed by the worker once the proposal is committed. (An escalation about a risk or an
    initiative of the plan is raised by risklog.services, which links it.)"""
    escalation = model_save(
        Escalation(
            reform=reform,
            subject=subject,
            cause=cause,
            proposal=proposal,
            indicator=indicator,
            proposed_by=by,
        ),
        by=by,
    )
    from .tasks import notify_escalation_raised

    # A broker outage must not undo the escalation: the mail is logged as not sent.
    task_enqueue_on_commit(
        notify_escalation_raised, args=[escalation.pk], event="escalation_mail_enqueue_failed"
    )
    return escalation


DECISIONS = [
    Escalation.Status.APPROVED,
    Escalation.Status.REJECTED,
    Escalation.Status.CHANGED,
]


@transaction.atomic
def escalation_decide(*, escalation, status, decision_text, by, decided_at=None):
    """The steering group's decision on an open escalation; the proposer is e-mailed."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    errors = {}
    if not can_decide_escalation(by, escalation):
        errors["status"] = _(
            "Kun medlemmer af styregruppen kan træffe beslutning om en eskalering."
        )
    elif not escalation.is_open:
        errors["status"] = _("Eskaleringen er allerede besluttet.")
    elif status not in DECISIONS:
        errors["status"] = _("Vælg godkendt, afvist eller godkendt med ændringer.")
    if not (decision_text or "").strip() and not errors:
        errors["decision_text"] = _("Skriv styregruppens beslutning.")
    if errors:
        raise ValidationError(errors)
    escalation.status = status
    escalation.decision_text = decision_text.strip()
    escalation.decided_at = decided_at or timezone.localdate()
    escalation.decided_by = by
    model_save(escalation, by=by)
    from .tasks import notify_escalation_decided

    task_enqueue_on_commit(
        notify_escalation_decided, args=[escalation.pk], event="escalation_mail_enqueue_failed"
    )
    return escalation


def steering_recipients(reform):
    """E-mail addresses of the steering members who should hear about reform's escalations:
    users with the steering role, and the persons in the reform's styregruppe."""
    emails = set(
        User.objects.filter(role=Role.STEERING, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    emails |= set(
        GroupMember.objects.filter(
            group__reform=reform, group__kind=Group.Kind.STEERING, person__isnull=False
        ).values_list("person__email", flat=True)
    )
    return sorted(e for e in emails if e)


def escalation_mail_raised(*, escalation_id):
    """Send the 'new escalation' e-mail to the steering members (once per escalation). A
    failure is recorded on the escalation (its page and the staff digest show it) and raised,
    so that the task retries."""
    escalation = Escalation.objects.select_related("reform", "proposed_by").get(pk=escalation_id)
    if escalation.raised_notified_at:
        return 0
    recipients = steering_recipients(escalation.reform)
    if recipients:
        body = _(
            "Implementeringsgruppen for %(reform)s foreslår styregruppen en handling.\n\n"
            "Emne: %(subject)s\nÅrsag: %(cause)s\nForslag: %(proposal)s\n\n"
            "Træf beslutning i STAR Impl: %(url)s\n"
        ) % {
            "reform": escalation.reform,
            "subject": escalation.subject,
            "cause": escalation.cause or "–",
            "proposal": escalation.proposal,
            "url": site_url(escalation.get_absolute_url()),
        }
        subject = _("Ny eskalering: %(subject)s") % {"subject": escalation.subject}
        _notify(escalation, "escalation_raised", subject=subject, body=body, to=recipients)
    Escalation.objects.filter(pk=escalation.pk).update(raised_notified_at=timezone.now())
    return len(recipients)


def escalation_mail_decided(*, escalation_id):
    """Tell the proposer what the steering group decided (once per escalation; a failure is
    recorded and raised, as for the raised mail)."""
    escalation = Escalation.objects.select_related("reform", "proposed_by").get(pk=escalation_id)
    if escalation.decided_notified_at or escalation.is_open:
        return 0
    proposer = escalation.proposed_by
    sent = 0
    if proposer and proposer.email:
        body = _(
            "Styregruppen har truffet beslutning om eskaleringen »%(subject)s« (%(reform)s).\n\n"
            "Beslutning: %(status)s\n%(text)s\n\nSe sagen: %(url)s\n"
        ) % {
            "subject": escalation.subject,
            "reform": escalation.reform,
            "status": escalation.get_status_display(),
            "text": escalation.decision_text,
            "url": site_url(escalation.get_absolute_url()),
        }
        subject = _("Beslutning: %(subject)s") % {"subject": escalation.subject}
        sent = _notify(
            escalation, "escalation_decided", subject=subject, body=body, to=[proposer.email]
        )
    Escalation.objects.filter(pk=escalation.pk).update(decided_notified_at=timezone.now())
    return sent


def _notify(obj, kind, *, subject, body, to):
    """Send one notification about obj; a failure is recorded on obj and raised."""
    try:
        sent = mail_send(subject=subject, body=body, to=to)
    except Exception as exc:
        notification_failed(obj, kind=kind, error=exc)
        raise
    notification_sent(obj, kind=kind)
    return sent


def question_ask(*, reform, subject, text, by, municipality=None, akasse=None, today=None):
    """A municipality or an a-kasse asks STAR about a reform; the reply deadline is the
    reform's service level (default 14 days) for both. A job-centre manager always asks for
    his own municipality, an a-kasse user for his own a-kasse."""
    if getattr(by, "is_jobcentre", False):
        municipality, akasse = by.municipality, None
    elif getattr(by, "is_akasse", False):
        municipality, akasse = None, by.akasse
    if municipality is None and akasse is None:
        raise ValidationError({"municipality": _("Vælg den kommune, der stiller spørgsmålet.")})
    today = today or timezone.localdate()
    question = Question(
        reform=reform,
        municipality=municipality,
        akasse=akasse,
        subject=subject,
        text=text,
        asked_by=by,
        deadline=today + datetime.timedelta(days=reform.reply_deadline_days),
    )
    return model_save(question, by=by)


def question_answer(*, question, answer, by, published=False, today=None):
    """STAR answers a question; an answered question may be published on the reformside."""
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Skriv et svar.")})
    question.answer = answer.strip()
    question.status = Question.Status.ANSWERED
    question.answered_by = by
    question.answered_at = today or timezone.localdate()
    question.published = published
    return model_save(question, by=by)


def questions_flag_overdue(*, today=None):
    """E-mail each reform office about its questions past their reply deadline, once per
    question; returns how many questions were flagged. Each reform's mail is sent on its own:
    one that fails is logged and recorded on its questions (their pages and the staff digest
    show it), stays unflagged so that the next hourly run retries it, and the others go out."""
    today = today or timezone.localdate()
    overdue = Question.objects.filter(
        status=Question.Status.OPEN, deadline__lt=today, overdue_notified_at__isnull=True
    ).select_related(
        "reform", "reform__responsible_office", "reform__impl_contact", "municipality", "akasse"
    )
    by_reform = defaultdict(list)
    for question in overdue:
        by_reform[question.reform].append(question)
    flagged, _failed = notify_each(
        sorted(by_reform.items(), key=lambda item: item[0].pk),
        _flag_overdue,
        kind="question_overdue",
        targets=lambda item: item[1],
        event="question_overdue_mail_failed",
    )
    return flagged


def _flag_overdue(item):
    reform, questions = item
    recipients = set()
    if reform.responsible_office_id:
        recipients |= set(
            Person.objects.filter(office=reform.responsible_office_id).values_list(
                "email", flat=True
            )
        )
    if reform.impl_contact_id:
        recipients.add(reform.impl_contact.email)
    recipients.discard("")
    if recipients:
        lines = "\n".join(
            f"- {mail_subject(q.subject)} ({q.organisation}, "
            + _("frist %(date)s") % {"date": da_date(q.deadline)}
            + ")"
            for q in questions
        )
        mail_send(
            subject=_("Spørgsmål med overskredet svarfrist: %(reform)s") % {"reform": reform},
            body=_("Disse spørgsmål fra kommunerne har overskredet svarfristen:\n\n%(lines)s\n")
            % {"lines": lines},
            to=sorted(recipients),
        )
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(
        overdue_notified_at=timezone.now()
    )
    return len(questions)


class CommunicationNotDelivered(Exception):
    """Some a-kasser did not get a communication-plan item; the task retries them."""


def communication_item_send(*, item, by):
    """STAR sends a communication-plan item by e-mail. Its recipients are the a-kasser's
    addresses for communication when the a-kasser are in the item's audience (`to_akasser`):
    one delivery per a-kasse is recorded now, and the worker mails each one after the commit.
    An a-kasse that already got the item is not mailed again. Returns the number of new
    deliveries."""
    if not item.to_akasser:
        raise ValidationError(
            _("Aktiviteten har ingen e-mailmodtagere: a-kasserne er ikke i målgruppen.")
        )
    akasser = AKasse.objects.exclude(email="").order_by("code")
    if not akasser:
        raise ValidationError(_("Ingen a-kasse har en adresse til kommunikation."))
    created = 0
    for akasse in akasser:
        _delivery, new = CommunicationDelivery.objects.get_or_create(
            item=item, akasse=akasse, defaults={"email": akasse.email, "requested_by": by}
        )
        created += new
    from .tasks import send_communication_item

    task_enqueue_on_commit(
        send_communication_item, args=[item.pk], event="communication_mail_enqueue_failed"
    )
    return created


def communication_item_mail(*, item_id):
    """Mail a communication-plan item to each a-kasse still waiting for it, one mail per
    a-kasse (no a-kasse sees another's address). Each a-kasse is isolated: a failure is
    recorded on its delivery (the staff digest and the communication plan show it) and the
    others go out; then the task raises so that Celery retries the missing ones."""
    pending = CommunicationDelivery.objects.filter(
        item_id=item_id, sent_at__isnull=True
    ).select_related("item__reform", "akasse")
    sent, failed = notify_each(
        list(pending),
        _communication_deliver,
        kind="communication_akasse",
        targets=lambda delivery: [delivery],
        event="communication_mail_failed",
    )
    if failed:
        raise CommunicationNotDelivered(f"{failed} a-kasse(r) mangler kommunikation {item_id}")
    return sent


def _communication_deliver(delivery):
    item = delivery.item
    body = _(
        "%(message)s\n\nReform: %(reform)s\nFormål: %(purpose)s\n\n"
        "Læs mere på reformsiden: %(url)s\n\n"
        "Sendt fra STARs kommunikationsplan til adressen til kommunikation hos %(akasse)s.\n"
    ) % {
        "message": item.message,
        "reform": item.reform,
        "purpose": item.purpose or "–",
        "url": site_url(reverse("reforms:page", args=[item.reform.slug])),
        "akasse": delivery.akasse,
    }
    mail_send(
        subject=_("%(reform)s: %(message)s") % {"reform": item.reform, "message": item.message},
        body=body,
        to=[delivery.email],
    )
    CommunicationDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return 1
