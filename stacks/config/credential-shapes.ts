/**
 * Values that are recognisably credentials, by their shape: a plain environment value or a schedule input
 * holding one would be stored in clear where many can read it (the task definition, readable by anyone
 * allowed ecs:DescribeTaskDefinition; the schedule and every execution's history), so configuration
 * validation refuses them and points to `secrets`. Pure: no cdktf, no AWS calls.
 *
 * The shapes are the credentials' published formats; a value is refused only when its shape leaves little
 * doubt, so that URLs without credentials, UUIDs, ARNs, commit hashes and base64 of ordinary data pass. The
 * value itself never appears in a message: {@link maskCredentials} hides it wherever a value is printed.
 * AWS rule `ecs.environment-readable` ("Pass an individual environment variable to an Amazon ECS container",
 * Amazon ECS Developer Guide).
 */

export interface CredentialShape {
  /** Stable identifier, e.g. `slack-webhook-url`. */
  readonly id: string;
  /** What it is, for the message: "a Slack incoming webhook URL". */
  readonly what: string;
  /** Matches the credential anywhere in a value. */
  readonly pattern: RegExp;
  /** Only a credential when the variable (or input key) is named like one, e.g. AWS_SECRET_ACCESS_KEY. */
  readonly onlyUnderKeyName?: boolean;
}

/** A name that says its value is a key, secret, token, password or credential. */
const KEY_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|CREDENTIAL)/i;

export const CREDENTIAL_SHAPES: readonly CredentialShape[] = [
  {
    id: 'slack-webhook-url',
    what: 'a Slack incoming webhook URL',
    pattern: /https:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/,
  },
  { id: 'slack-token', what: 'a Slack token', pattern: /\b(?:xox[abposr]-[0-9A-Za-z-]{10,}|xapp-\d-[0-9A-Za-z-]{10,})/ },
  // "GetAccessKeyInfo" (AWS Security Token Service API Reference): AKIA long-term, ASIA temporary.
  { id: 'aws-access-key-id', what: 'an AWS access key ID', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  {
    id: 'aws-secret-access-key',
    what: 'an AWS secret access key',
    // 40 characters of base64 with upper case, lower case and digits: not a hex digest such as a commit hash.
    pattern: /^(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*\d)[A-Za-z0-9/+]{40}$/,
    onlyUnderKeyName: true,
  },
  { id: 'github-token', what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { id: 'private-key', what: 'a private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'url-with-password', what: 'a URL with a user name and password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+:[^\s/?#@]+@[^\s/?#@]/i },
  { id: 'jwt', what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** The shape a value has, if it is a credential; `name` is the variable or key it is given under. */
export function credentialShapeOf(value: string, name = ''): CredentialShape | undefined {
  return CREDENTIAL_SHAPES.find((shape) => shape.pattern.test(value) && (!shape.onlyUnderKeyName || KEY_NAME.test(name)));
}

/** What stands in for a credential in a message: its kind and length, never a character of it. */
export function maskedValue(value: string, shape: CredentialShape): string {
  return `<${shape.id}, ${value.length} characters, not shown>`;
}

/** The text with every credential found in it (by the shapes that need no name) replaced by a mask. */
export function maskCredentials(text: string): string {
  return CREDENTIAL_SHAPES.filter((shape) => !shape.onlyUnderKeyName).reduce(
    (masked, shape) => masked.replace(new RegExp(shape.pattern.source, `${shape.pattern.flags.replace('g', '')}g`), `<${shape.id}, not shown>`),
    text,
  );
}

export interface CredentialFound {
  /** Where it is below the value checked: the variable name, or the keys and indexes of the input. */
  readonly path: readonly (string | number)[];
  readonly shape: CredentialShape;
  /** The value to print instead of the credential. */
  readonly masked: string;
}

/** Credentials among a task's plain environment values. */
export function credentialsInEnvironment(environment: Readonly<Record<string, string>>): CredentialFound[] {
  return Object.entries(environment).flatMap(([name, value]) => {
    const shape = typeof value === 'string' ? credentialShapeOf(value, name) : undefined;
    return shape ? [{ path: [name], shape, masked: maskedValue(value, shape) }] : [];
  });
}

/** Credentials anywhere in a JSON value (a schedule's execution input), each string judged under its key. */
export function credentialsInJson(value: unknown, path: readonly (string | number)[] = []): CredentialFound[] {
  if (typeof value === 'string') {
    const key = path.length > 0 ? String(path[path.length - 1]) : '';
    const shape = credentialShapeOf(value, key);
    return shape ? [{ path, shape, masked: maskedValue(value, shape) }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => credentialsInJson(item, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => credentialsInJson(item, [...path, key]));
  }
  return [];
}
