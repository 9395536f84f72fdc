"""Drift between the application and the stack: every PynamoDB model's table (keys, key types, GSIs,
TTL) is the table in the template, and every variable Settings.from_env reads is set for the API and for
each function."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.config import Settings
from functions.registry import FUNCTIONS
from infra.application import LAMBDA_PROVIDED, settings_variables, table_specs
from tests.infra.conftest import Assembly


def _template_tables(assembly: Assembly) -> dict[str, dict[str, Any]]:
    prefix = f"kjc-{assembly.stage}-"
    return {t["Properties"]["TableName"].removeprefix(prefix): t["Properties"]
            for t in assembly.resources("AWS::DynamoDB::Table").values()}


def _keys(key_schema: list[dict[str, str]], types: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {k["KeyType"]: (k["AttributeName"], types[k["AttributeName"]]) for k in key_schema}


def _model_keys(partition: Any, sort: Any) -> dict[str, tuple[str, str]]:
    keys = {"HASH": (partition.name, partition.type)}
    if sort:
        keys["RANGE"] = (sort.name, sort.type)
    return keys


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_model_has_its_table_with_the_same_keys_indexes_and_ttl(assemblies: dict[str, Assembly],
                                                                      stage: str) -> None:
    tables = _template_tables(assemblies[stage])
    specs = table_specs()
    assert sorted(tables) == sorted(spec.base_name for spec in specs)
    for spec in specs:
        table = tables[spec.base_name]
        types = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
        assert _keys(table["KeySchema"], types) == _model_keys(spec.partition_key, spec.sort_key), spec.model
        indexes = {i["IndexName"]: i for i in table.get("GlobalSecondaryIndexes", [])}
        assert sorted(indexes) == sorted(i.name for i in spec.indexes), spec.model
        for index in spec.indexes:
            deployed = indexes[index.name]
            assert _keys(deployed["KeySchema"], types) == _model_keys(index.partition_key, index.sort_key), index.name
            assert deployed["Projection"]["ProjectionType"] == index.projection
            assert sorted(deployed["Projection"].get("NonKeyAttributes", [])) == sorted(index.non_key_attributes)
        ttl = table.get("TimeToLiveSpecification")
        if spec.ttl_attribute:
            assert ttl == {"AttributeName": spec.ttl_attribute, "Enabled": True}, spec.model
        else:
            assert ttl is None, spec.model


def test_models_with_a_ttl_attribute_are_found() -> None:
    assert {s.base_name for s in table_specs() if s.ttl_attribute} >= {"web-sessions", "chat-sessions"}


def _settings_env(variables: dict[str, Any]) -> dict[str, str]:
    """The function's environment as Settings sees it: references become placeholders, Lambda adds the region."""
    env = {name: value if isinstance(value, str) else f"resolved-{name.lower()}" for name, value in variables.items()}
    return {**env, "AWS_REGION": "eu-central-1"}


def _function_environments(assembly: Assembly) -> dict[str, dict[str, Any]]:
    environments = {}
    for resource_type in ("AWS::Lambda::Function", "AWS::Serverless::Function"):
        for logical_id, function in assembly.resources(resource_type).items():
            environments[logical_id] = function["Properties"]["Environment"]["Variables"]
    return environments


def test_settings_variables_are_parsed_from_config() -> None:
    names = settings_variables()
    assert {"STAGE", "TABLE_PREFIX", "DOCUMENTS_BUCKET", "COGNITO_JWKS_URL", "SPEECH_ENGINES"} <= set(names)


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_setting_is_set_for_the_api_and_every_function(assemblies: dict[str, Assembly], stage: str) -> None:
    assembly = assemblies[stage]
    environments = _function_environments(assembly)
    assert {"APIHandler", "JwtAuthorizer"} <= set(environments)
    assert len(environments) == len(FUNCTIONS) + len(assembly.resources("AWS::Serverless::Function"))
    required = set(settings_variables()) - LAMBDA_PROVIDED
    for logical_id, variables in environments.items():
        assert required - set(variables) == set(), logical_id
        settings = Settings.from_env(_settings_env(variables))  # raises ConfigError on a missing or bad value
        assert settings.stage == stage
        assert settings.table_prefix == f"kjc-{stage}-"
        assert settings.malware_scanner == "guardduty"
        assert settings.public_base_url.startswith("https://")
        assert settings.speech_engines["de"] == "polly:Vicki" and settings.speech_engines["fa"] == "espeak:fa"


def test_jwks_url_names_the_stages_user_pool(dev: Assembly) -> None:
    (pool_id,) = dev.resources("AWS::Cognito::UserPool")
    url = dev.resources("AWS::Serverless::Function")["APIHandler"]["Properties"]["Environment"]["Variables"][
        "COGNITO_JWKS_URL"]
    assert url == {"Fn::Join": ["", ["https://cognito-idp.eu-central-1.amazonaws.com/", {"Ref": pool_id},
                                     "/.well-known/jwks.json"]]}
