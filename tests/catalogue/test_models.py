"""The catalogue carries every field of the data·inclusion v1 schema."""

from __future__ import annotations

import pytest
from data_inclusion.schema.v1 import Service as ServiceSchema
from data_inclusion.schema.v1 import Structure as StructureSchema
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from catalogue.db import Base
from catalogue.models import Service, Structure


@pytest.mark.parametrize(
    ("schema", "model"), [(StructureSchema, Structure), (ServiceSchema, Service)]
)
def test_every_schema_field_has_a_column_of_that_name(
    schema: type[BaseModel], model: type[Base]
) -> None:
    columns = set(model.__table__.columns.keys())
    assert set(schema.model_fields) - columns == set()


def test_services_have_spatial_and_array_indexes() -> None:
    indexes = {i.name: i for i in Service.__table__.indexes}
    assert indexes["ix_services_location"].dialect_options["postgresql"]["using"] == "gist"
    for column in ("thematiques", "freins", "zone_eligibilite", "publics"):
        assert indexes[f"ix_services_{column}"].dialect_options["postgresql"]["using"] == "gin"


def test_the_engine_turns_postgresql_jit_off(scratch_engine: Engine) -> None:
    # Compiling cost seconds on 100 ms searches and on imports (bench/).
    with scratch_engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
