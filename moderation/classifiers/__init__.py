"""Care classifiers: pure functions of a CareContext, no ORM. See base.py for the interface."""
