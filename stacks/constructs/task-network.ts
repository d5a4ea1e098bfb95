/** What every kind of network gives the workflows: where their tasks run and whether they get a public IP. */
export interface TaskNetwork {
  /** Subnets a task may be placed in (the awsvpc configuration of every RunTask). */
  readonly taskSubnetIds: string[];
  /** Security groups of every task. */
  readonly taskSecurityGroupIds: string[];
  /** `AssignPublicIp` of every RunTask: true only where the tasks' subnets route to an internet gateway. */
  readonly assignPublicIp: boolean;
}
