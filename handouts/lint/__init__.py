"""Plain-language and evidence checks for content editors (`handouts lint`).

One module per job, each a set of pure functions returning issues:

- texts: the patient-visible texts of a topic, split into sentences and words
- syllables, readability: reading grade (Flesch-Kincaid, SMOG); `patient_grade`
- jargon, style: jargon with plain alternatives, long sentences, passive voice
- evidence, readiness: citations and references, evidence grades, doses,
  review dates, drafts' missing patient texts
- registry: which content kinds are linted and where their patient texts are
- locate, runner, report: place issues at file:line, run files, print reports

Nothing here imports WeasyPrint or the renderer: `handouts lint` starts fast.
"""

from handouts.lint.readability import Grade, patient_grade

__all__ = ["Grade", "patient_grade"]
