"""The Driving Up Quality commitments, written as definitions on the engine.

An app of its own (label ``duq_commitments``): the reporting and concern
definitions, the editable policy and email wording, report links and concerns,
the services that change them, and their admin. It uses the engine
(``duq_workflow``) through its public API only; the engine knows nothing of it.
"""
