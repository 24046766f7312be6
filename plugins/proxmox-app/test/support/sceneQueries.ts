import { sceneGraph, SceneQueryRunner, VizPanel, type SceneObject, type SceneVariable } from '@grafana/scenes';

/** Every query runner below `root`, with the expressions it would send. */
export function queryRunners(root: SceneObject): SceneQueryRunner[] {
  return sceneGraph.findAllObjects(root, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner[];
}

export function panels(root: SceneObject): VizPanel[] {
  return sceneGraph.findAllObjects(root, (o) => o instanceof VizPanel) as VizPanel[];
}

/** Expressions of every runner after variable interpolation, as the datasource receives them. */
export function interpolatedExprs(root: SceneObject): string[] {
  return queryRunners(root).flatMap((r) =>
    r.state.queries.map((q) => sceneGraph.interpolate(r, String((q as { expr?: string }).expr)))
  );
}

/** Sets variable values without running their queries (no datasource in unit tests). */
export function setVariables(root: SceneObject, values: Record<string, string | string[]>): void {
  for (const [name, value] of Object.entries(values)) {
    const variable = sceneGraph.lookupVariable(name, root) as SceneVariable | undefined;
    if (!variable) {
      throw new Error(`no variable ${name}`);
    }
    variable.setState({ value, text: value } as never);
  }
}
