"""What infra reads from the application itself: settings names, table schemas from the PynamoDB models,
the queues, functions and user groups. The stack is generated from these, so it cannot drift from the code."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_MODULE = ROOT / "chalicelib" / "config.py"
# Set by the Lambda runtime itself (reserved: a function may not set them).
LAMBDA_PROVIDED = frozenset({"AWS_REGION", "AWS_DEFAULT_REGION"})
# The models read their table names from the settings when imported; this prefix marks the placeholder.
IMPORT_STAGE = "synth"


def settings_variables(config_module: Path = CONFIG_MODULE) -> list[str]:
    """Every environment variable `Settings.from_env` reads, in order: `_required(env, "X")` and `env.get("X")`."""
    tree = ast.parse(config_module.read_text(encoding="utf-8"))
    from_env = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == "from_env")
    names: list[str] = []
    for node in ast.walk(from_env):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_required = isinstance(func, ast.Name) and func.id == "_required" and len(node.args) == 2
        is_get = isinstance(func, ast.Attribute) and func.attr == "get"
        name_arg = node.args[1] if is_required else node.args[0] if is_get else None
        if isinstance(name_arg, ast.Constant) and isinstance(name_arg.value, str) and name_arg.value not in names:
            names.append(name_arg.value)
    return names


def prepare_model_import(region: str) -> str:
    """Give this process the settings the models need at import; returns the table prefix they will carry.

    The values are the local stage's definitions (local/provision.py) for a stage named `synth`, without
    its endpoint or fake credentials: nothing here talks to AWS, the values only let the modules import.
    """
    from local.provision import base_environment

    env = base_environment("https://placeholder.invalid", stage=IMPORT_STAGE)
    for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        env.pop(key, None)
    env.update(COGNITO_USER_POOL_ID=f"{region}_placeholder", COGNITO_CLIENT_ID="placeholder",
               COGNITO_JWKS_URL="https://placeholder.invalid/jwks.json", AWS_REGION=region, AWS_DEFAULT_REGION=region)
    for key, value in env.items():
        os.environ.setdefault(key, value)
    return os.environ["TABLE_PREFIX"]


@dataclass(frozen=True)
class KeyAttribute:
    name: str
    type: str  # S | N | B


@dataclass(frozen=True)
class IndexSpec:
    name: str
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None
    projection: str                      # ALL | KEYS_ONLY | INCLUDE
    non_key_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    base_name: str                       # the table name without the stage prefix, e.g. "web-sessions"
    model: str                           # the PynamoDB model class, for messages
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None
    indexes: tuple[IndexSpec, ...]
    ttl_attribute: str | None


def _keys(key_schema: list[dict[str, str]], types: dict[str, str]) -> tuple[KeyAttribute, KeyAttribute | None]:
    by_type = {k["KeyType"]: k["AttributeName"] for k in key_schema}
    hash_key = KeyAttribute(by_type["HASH"], types[by_type["HASH"]])
    range_key = KeyAttribute(by_type["RANGE"], types[by_type["RANGE"]]) if "RANGE" in by_type else None
    return hash_key, range_key


def table_specs() -> list[TableSpec]:
    """One spec per PynamoDB model, read from the schema PynamoDB itself would create (`_get_schema`)."""
    from pynamodb.attributes import TTLAttribute

    from chalicelib.models.registry import all_models

    prefix = os.environ["TABLE_PREFIX"]
    specs = []
    for model in all_models():
        schema = model._get_schema()
        types = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
        partition_key, sort_key = _keys(schema["key_schema"], types)
        indexes = []
        for index in schema.get("global_secondary_indexes", []):
            index_pk, index_sk = _keys(index["key_schema"], types)
            projection = index["projection"]
            indexes.append(IndexSpec(index["index_name"], index_pk, index_sk, projection["ProjectionType"],
                                     tuple(projection.get("NonKeyAttributes", ()))))
        if schema.get("local_secondary_indexes"):
            raise SystemExit(f"{model.__name__}: local secondary indexes are not supported by infra yet")
        ttl = [attr.attr_name for attr in model.get_attributes().values() if isinstance(attr, TTLAttribute)]
        table_name = model.Meta.table_name
        if not table_name.startswith(prefix):
            raise SystemExit(f"{model.__name__}: table {table_name} does not carry the settings' prefix {prefix}")
        specs.append(TableSpec(table_name.removeprefix(prefix), model.__name__, partition_key, sort_key,
                               tuple(indexes), ttl[0] if ttl else None))
    return specs
