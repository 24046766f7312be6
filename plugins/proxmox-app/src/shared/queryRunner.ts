import { SceneDataTransformer, SceneQueryRunner } from '@grafana/scenes';
import type { DataTransformerConfig } from '@grafana/data';
import { DS_REF } from '../constants';
import type { PanelQuery } from '../queries/types';

/** A runner on the `ds` variable; every panel gets its own (no shared instances across pages). */
export function queryRunner(queries: PanelQuery[], maxDataPoints = 300): SceneQueryRunner {
  return new SceneQueryRunner({ datasource: DS_REF, queries: queries.map((q) => ({ ...q })), maxDataPoints });
}

export function transformed(queries: PanelQuery[], transformations: DataTransformerConfig[]): SceneDataTransformer {
  return new SceneDataTransformer({ $data: queryRunner(queries), transformations });
}
