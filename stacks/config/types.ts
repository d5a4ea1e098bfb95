/**
 * The types of the configuration, as the schema makes them: what `main.ts` declares (`...Input`) and what the
 * stacks get once it is validated and defaulted. Types only: importing it runs nothing.
 */
import type { z } from 'zod';
import type { environmentSchema, scheduleSchema, stepSchema, workflowSchema } from './schema';
import type { taskSchema } from './task-schema';

export type { Network } from './network-schema';
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;
export type Workflow = z.output<typeof workflowSchema>;
export type Task = z.output<typeof taskSchema>;
export type TaskInput = z.input<typeof taskSchema>;
export type Step = z.output<typeof stepSchema>;
export type ParallelStep = Extract<Step, { parallel: Task[] }>;
export type ForEachStep = Extract<Step, { forEach: unknown }>;
export type ImageSource = Task['image'];
export type Schedule = z.output<typeof scheduleSchema>;
export type RetryPolicy = Task['retry'];

export interface ResolveOptions {
  /** Folder that relative `image.directory` paths start from. @default - the working directory */
  readonly projectRoot?: string;
  /**
   * The notifier image is given (NOTIFIER_IMAGE_URI) rather than built here: its platform is unknown, so notifier
   * steps must be X86_64. (Like an image given by `uri`, it must itself declare the scratch VOLUMEs.) @default false
   */
  readonly prebuiltNotifier?: boolean;
}
