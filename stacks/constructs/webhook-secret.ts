import type { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SECRET_RECOVERY_WINDOW_MIN_DAYS } from '../aws/secretsmanager';
import { webhookSecretName, type Naming } from '../builders/names';

export interface WebhookSecretProps {
  readonly naming: Naming;
  /** The environment's KMS key, which encrypts the secret. */
  readonly kmsKeyArn: string;
  /**
   * Refuse `terraform destroy` of the secret, and keep it for the shortest recovery window after a deliberate
   * delete. @default false (deleted at once, so that the environment can be destroyed and deployed again under
   * the same name)
   */
  readonly protectFromDestroy?: boolean;
}

/**
 * The Secrets Manager secret the notifier reads the Slack incoming-webhook URL from, created empty: the operator
 * puts the URL in as its value (until then every Slack alert fails, and the alarm topic is told so).
 *
 * The construct is the `aws_secretsmanager_secret` resource itself: the Terraform address (and construct path)
 * the environment stack gave it before this construct existed.
 */
export class WebhookSecret extends SecretsmanagerSecret {
  constructor(scope: Construct, id: string, props: WebhookSecretProps) {
    const protectFromDestroy = props.protectFromDestroy ?? false;
    super(scope, id, {
      name: webhookSecretName(props.naming),
      description: 'Slack incoming-webhook URL of the notifier: put the URL in as the secret value',
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: protectFromDestroy ? SECRET_RECOVERY_WINDOW_MIN_DAYS : 0,
      lifecycle: { preventDestroy: protectFromDestroy },
    });
  }
}
