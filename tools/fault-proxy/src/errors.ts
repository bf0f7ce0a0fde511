/** Base error of the fault proxy. */
export class FaultProxyError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FaultProxyError';
  }
}

/** An option of the proxy or a flag of the command has a bad value. */
export class InvalidOptionError extends FaultProxyError {
  public readonly option: string;

  public constructor(option: string, value: unknown, expected: string, options?: ErrorOptions) {
    super(`invalid ${option}: expected ${expected}, got ${JSON.stringify(String(value))}`, options);
    this.name = 'InvalidOptionError';
    this.option = option;
  }
}

/** The proxy could not listen on its port. */
export class ListenError extends FaultProxyError {
  public constructor(port: number, detail: string, options?: ErrorOptions) {
    super(`cannot listen on 127.0.0.1:${port}: ${detail}`, options);
    this.name = 'ListenError';
  }
}
