"""Capacity models, one module per topic: frameworks, people, assessments, events, mentoring."""
