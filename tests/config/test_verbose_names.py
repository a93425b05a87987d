"""The Django admin speaks Chinese: every model of the project's apps is named in Chinese."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

CJK = re.compile(r"[\u4e00-\u9fff]")
PROJECT = Path(settings.BASE_DIR).resolve()


def project_models():
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(PROJECT) and ".venv" not in path.parts and "site-packages" not in path.parts:
            yield from config.get_models()


def test_every_model_of_the_project_has_a_chinese_verbose_name_and_plural():
    models = list(project_models())
    assert len(models) > 40  # the walk found the project's apps
    english = [
        (model._meta.label, str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
        for model in models
        if not (
            CJK.search(str(model._meta.verbose_name)) and CJK.search(str(model._meta.verbose_name_plural))
        )
    ]
    assert english == []


def test_every_app_of_the_project_has_a_chinese_name():
    names = {
        config.label: str(config.verbose_name) for config in apps.get_app_configs() if config.models_module
    }
    project = {model._meta.app_label for model in project_models()}
    assert [label for label in project if not CJK.search(names[label])] == []
