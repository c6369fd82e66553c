/**
 * What the kinds of work the simulated platform performs (job runs, backups,
 * actions, conditions) need from it. They depend on this interface, and the
 * platform implements it, so that the platform can dispatch to them without
 * the two importing each other.
 */
import type { Clock, IdGenerator } from '../runs/clock';
import type { NodeError } from '../runs/events';
import type { PipelineStage } from '../pipeline/description';
import type { Operation } from './operation';
import type { Scenario } from './scenario';
import type { DeploymentRecord, World } from './world';

/** The node a request is made for. */
export interface NodeRef {
  index: number;
  ref: string | undefined;
  kind: string;
}

export type ResourceType = 'service' | 'job' | 'addon';

export interface PlatformAccess {
  /** The stage the run releases to. */
  readonly stage: PipelineStage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly scenario: Scenario;
  read(): Promise<World>;
  /** Changes the world and tells waiting conditions to look again. */
  change<T>(update: (world: World) => T): Promise<T>;
  /** Refuses a resource outside `stage` when the pipeline is known, as the platform does. */
  checkInStage(type: ResourceType, id: string, stage?: PipelineStage | undefined, role?: string): void;
  /** Earliest time a scripted resource runs (0 when not scripted; Infinity when it never runs). */
  notRunningUntil(type: string, id: string): number;
  addonVersion(id: string): string;
  /** What a service or job of `stage` (default: this run's) runs: its record, or the assumed deployment of a named resource. */
  deploymentOf(type: 'service' | 'job', id: string, stage?: string): Promise<DeploymentRecord | undefined>;
  /** An operation that takes the node's duration and then ends as scripted; the node works until then. */
  timed(node: NodeRef, outputs: unknown, error: NodeError | undefined): Operation;
}
