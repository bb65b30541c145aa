"""A failure no error page caught is logged as one line that quotes nothing a form said."""

from __future__ import annotations

import logging
from datetime import date

from flask import request

from handouts.web import create_app
from webclient import PageClient

NAME = "Zebulon Quagmire"


def test_a_failure_after_the_response_is_made_logs_no_patient_detail(caplog):
    app = create_app(today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient

    @app.after_request
    def fails(response):  # stands for any bug in a response hook: its message quotes the form
        if request.method == "POST":
            raise ValueError(f"cannot finish the response for {request.form.get('patient_name')}")
        return response

    with caplog.at_level(logging.INFO):
        response = app.test_client().post("/topics/leaky-gut/patient%0Aforged%20line",
                                          data={"action": "preview", "patient_name": NAME})
    assert response.status_code == 500 and NAME not in response.text
    records = [r for r in caplog.records if r.name.startswith("handouts.web")]
    logged = "\n".join(r.getMessage() + (r.exc_text or "") + str(r.exc_info or "") for r in records)
    assert NAME not in logged and "Traceback" not in logged
    failures = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    assert failures and all("\n" not in line and line.endswith("ValueError") for line in failures), failures
    assert "/topics/leaky-gut/patient\\nforged line" in failures[0]
