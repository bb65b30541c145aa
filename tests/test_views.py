"""The audience views are where the safety rules live: test them without rendering."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date

import pytest

from handouts.approval import content_hash
from handouts.context import Context
from handouts.documents import topic_inputs
from handouts.inputs import TopicInputs
from handouts.models import Personalisation
from handouts.views.clinician import clinician_view
from handouts.views.patient import PersonalisationError, patient_view

TODAY = date(2026, 1, 15)
CTX = Context.default(TODAY)


@pytest.fixture(scope="module")
def inputs():
    return topic_inputs("leaky-gut", "riverside", CTX)


def patient(inputs, **person):
    return patient_view(inputs, Personalisation(**person), CTX)


def all_text(view) -> str:
    return repr(asdict(view))


def test_patient_view_has_no_citation_numbers_or_prescription_doses(inputs):
    view = patient(inputs)
    text = all_text(view)
    assert not re.search(r"\[\d+(?:[,–-]\s*\d+)*\]", text)
    for rec in inputs.topic.recommendations():
        if rec.prescription and rec.dose:
            from handouts.doseformat import format_amount

            assert format_amount(rec.dose) not in text, rec.id


def test_patient_view_leaves_out_clinician_only_and_unsupported_items(inputs):
    shown = {i.id for i in (*patient(inputs).helps, *patient(inputs).avoid, *patient(inputs).medicines)}
    for rec in inputs.topic.recommendations():
        if rec.audience == "clinician" or rec.unsupported:
            assert rec.id not in shown, rec.id
    assert shown, "the sample shows patients something"


def test_prescription_items_appear_only_under_medicines(inputs):
    view = patient(inputs)
    rx = {r.id for r in inputs.topic.recommendations() if r.prescription and r.for_patient and not r.unsupported}
    assert rx and {i.id for i in view.medicines} == rx
    assert not rx & {i.id for i in (*view.helps, *view.avoid)}


def test_include_keeps_only_the_chosen_items(inputs):
    first = patient(inputs).helps[0].id
    view = patient(inputs, include=[first])
    assert [i.id for i in (*view.helps, *view.avoid, *view.medicines)] == [first]


def test_omit_removes_an_item(inputs):
    first = patient(inputs).helps[0].id
    assert first not in {i.id for i in patient(inputs, omit=[first]).helps}


def test_unknown_id_is_an_error_with_a_suggestion(inputs):
    first = patient(inputs).helps[0].id
    with pytest.raises(PersonalisationError, match=f"no such item.*did you mean '{first}'"):
        patient(inputs, omit=[first + "x"])


def test_clinician_only_id_cannot_be_included(inputs):
    hidden = next(r.id for r in inputs.topic.recommendations() if r.audience == "clinician")
    with pytest.raises(PersonalisationError, match="clinicians only"):
        patient(inputs, include=[hidden])


def test_personal_details_and_notes_reach_the_view(inputs):
    view = patient(inputs, patient_name="Sam Lee", notes="Line one\n\nLine two", follow_up=date(2026, 2, 1))
    assert view.patient_name == "Sam Lee"
    assert tuple(n.text for n in view.notes) == ("Line one", "Line two")
    assert view.follow_up == "February 1, 2026"


def test_unapproved_topic_is_marked_draft(inputs):
    assert inputs.topic.review.status != "approved"
    assert patient(inputs).frame.review_mark == "DRAFT"


def test_approved_topic_past_its_review_date_is_overdue(inputs):
    review = inputs.topic.review.model_copy(update={
        "status": "approved", "reviewer": "Dr A", "reviewed": date(2024, 1, 1), "next_review": date(2025, 1, 1),
        "content_sha256": content_hash(inputs.topic)})
    topic = inputs.topic.model_copy(update={"review": review})
    view = clinician_view(TopicInputs(topic, inputs.brand, inputs.brand_folder), CTX)
    assert view.frame.review_mark == "REVIEW OVERDUE"
    current = review.model_copy(update={"next_review": date(2027, 1, 1)})
    assert clinician_view(TopicInputs(topic.model_copy(update={"review": current}), inputs.brand, inputs.brand_folder), CTX).frame.review_mark is None


def test_citation_numbers_follow_first_use_and_match_the_reference_list(inputs):
    view = clinician_view(TopicInputs(inputs.topic, inputs.brand, inputs.brand_folder), CTX)
    # reading order: page 1 (At a glance), then the details
    groups: list[tuple[int, ...]] = [view.bottom_line_refs]
    groups += [s.refs for s in view.first_steps] + [r.refs for r in view.sourced_doses]
    groups += [s.refs for s in view.safety_net] + [s.refs for s in view.referral]
    groups += [s.refs for s in view.algorithm] + [r.refs for r in view.doses]
    groups += [i.refs for s in view.sections for i in s.items]
    groups += [s.refs for block in (view.monitoring, view.pitfalls, view.emerging) for s in block]
    groups += [f.refs for f in view.evidence] + [p.refs for f in view.evidence for p in f.points]
    seen: list[int] = []
    for refs in groups:
        seen += [n for n in refs if n not in seen]
    assert seen == list(range(1, len(seen) + 1)), "numbers are handed out in reading order, none skipped"
    assert [r.number for r in view.key_references] == list(range(1, len(view.key_references) + 1))
    assert [r.number for r in view.references] == list(range(1, len(view.references) + 1))
    used = {n for row in view.doses for n in row.refs} | {n for s in view.sections for i in s.items for n in i.refs}
    assert used <= {r.number for r in view.references}


def test_every_clinician_item_is_cited_or_says_it_is_unsupported(inputs):
    view = clinician_view(TopicInputs(inputs.topic, inputs.brand, inputs.brand_folder), CTX)
    items = [i for s in view.sections for i in s.items] + list(view.doses)
    assert items and all(bool(i.refs) != bool(i.unsupported) for i in items)


def test_light_brand_colour_is_darkened_with_a_warning(inputs):
    colors = inputs.brand.colors.model_copy(update={"primary": "#ffdd00"})
    brand = inputs.brand.model_copy(update={"colors": colors})
    view = clinician_view(TopicInputs(inputs.topic, brand, inputs.brand_folder), CTX)
    from handouts.colour import contrast_on_white

    assert contrast_on_white(view.frame.brand.primary) >= 4.5
    assert any("#ffdd00" in str(w) and "4.5:1" in str(w) for w in view.frame.brand.warnings)


def test_a_note_shared_by_a_whole_list_is_stated_once(inputs):
    view = clinician_view(TopicInputs(inputs.topic, inputs.brand, inputs.brand_folder), CTX)
    notes = {i.unsupported for i in inputs.topic.when_to_get_help}
    assert len(notes) == 1  # the sample's safety-net items share one note
    assert view.safety_net.shared_note == notes.pop()
    assert all(item.unsupported == "" for item in view.safety_net)
    from handouts.documents import render_bytes

    html = render_bytes(view, "html").decode()
    assert html.count("General safety-net advice written for this sample") == 1


def test_dose_note_reaches_the_dosing_table(inputs):
    from handouts.models import Dose

    dosed = next(r for r in inputs.topic.recommendations() if r.dose and r.for_clinician)
    noted = dosed.model_copy(update={"dose": Dose(amount=10, unit="mg", note="starting dose; titrate slowly")})
    sections = tuple(
        s.model_copy(update={"recommendations": tuple(noted if r.id == dosed.id else r for r in s.recommendations)})
        for s in inputs.topic.sections
    )
    view = clinician_view(TopicInputs(inputs.topic.model_copy(update={"sections": sections}), inputs.brand, inputs.brand_folder), CTX)
    row = next(r for r in view.doses if r.name == (dosed.name or dosed.id))
    assert row.note == "starting dose; titrate slowly"
    from handouts.documents import render_bytes

    assert "starting dose; titrate slowly" in render_bytes(view, "html").decode()


def test_bottom_line_citations_are_numbered_first_and_printed(inputs):
    later = [r.id for r in inputs.topic.references][-1]  # a reference the brief otherwise numbers late
    uncited = inputs.topic.model_copy(update={"bottom_line": inputs.topic.bottom_line.model_copy(
        update={"citations": ()})})
    plain = clinician_view(TopicInputs(uncited, inputs.brand, inputs.brand_folder), CTX)
    assert plain.bottom_line_refs == ()
    assert clinician_view(inputs, CTX).bottom_line_refs == (1, 2, 3)  # the sample's: its key references
    bottom = inputs.topic.bottom_line.model_copy(update={"citations": (later,)})
    view = clinician_view(
        TopicInputs(inputs.topic.model_copy(update={"bottom_line": bottom}), inputs.brand, inputs.brand_folder), CTX
    )
    assert view.bottom_line_refs == (1,)
    assert view.references[0].id == later
    from handouts.documents import render_bytes

    html = render_bytes(view, "html").decode()
    bottom_html = html.split('class="bottom-line"', 1)[1].split("</section>", 1)[0]
    assert '<span class="cite"> [1]</span>' in bottom_html
    assert '<span class="cite">' not in render_bytes(plain, "html").decode().split('class="bottom-line"', 1)[1].split("</section>", 1)[0]
