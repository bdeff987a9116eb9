"""The generated text of the mid-term and final evaluations: templates filled from the tables.

Every sentence is a template of :data:`TEMPLATES` (Chinese and English) filled with

* numbers, each named as a cell of a computed table — ``N("problems", "nurses_per_10000",
  "required_annual_increment", "change", unit="人")`` — looked up in that table and formatted with
  :mod:`dayao_data.display`; and
* labels (names, departments, status words), which carry no figure of their own.

A :class:`Sentence` records where each number and each label stands in its text, and which
(table, row key, column) each number came from, so that a test can find every number in the text
and check it against the table (tests/test_narrative.py).  No template has a digit of its own.

>>> from dayao_data.evaluation.narrative import format_cell
>>> format_cell(0.6, "share", "", "zh"), format_cell(1.1, "change", "%", "zh"), format_cell(-0.4, "signed_change", "%", "en")
('60.0%', '1.1个百分点', '−0.4 pp')
"""

from dayao_data.evaluation.narrative.common import (
    FORMATS,
    TEMPLATES,
    N,
    Ref,
    Sentence,
    alternative_findings,
    fill,
    format_cell,
    join,
    paragraphs,
    register_units,
)
from dayao_data.evaluation.narrative.final import final_conclusion, final_sentences
from dayao_data.evaluation.narrative.final_lessons import (
    final_binding,
    final_experience,
    final_next_plan,
    final_problems,
)
from dayao_data.evaluation.narrative.midterm import (
    fill_midterm_texts,
    midterm_groups,
    midterm_overall,
    midterm_projects,
    midterm_sentences,
)
from dayao_data.evaluation.narrative.problems import method_note, midterm_problems
from dayao_data.evaluation.narrative.recommendations import midterm_recommendations, plan_tasks

__all__ = [
    "TEMPLATES",
    "FORMATS",
    "N",
    "Ref",
    "Sentence",
    "format_cell",
    "fill",
    "join",
    "paragraphs",
    "register_units",
    "midterm_overall",
    "midterm_groups",
    "midterm_projects",
    "midterm_problems",
    "midterm_recommendations",
    "method_note",
    "plan_tasks",
    "alternative_findings",
    "fill_midterm_texts",
    "midterm_sentences",
    "final_conclusion",
    "final_problems",
    "final_experience",
    "final_next_plan",
    "final_binding",
    "final_sentences",
]
