/** A forked TypeScript child process (run through tsx) answering request/reply messages over IPC. */
import { fork, type ChildProcess } from 'node:child_process';

interface Reply {
  type: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}

export class Child {
  private readonly process: ChildProcess;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited: string | undefined;
  /** How the process ended, once it has (SIGABRT: V8 aborted it, e.g. at its heap limit). */
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  readonly ready: Promise<Record<string, unknown>>;

  constructor(script: string, args: string[], nodeOptions: string[] = []) {
    // The child's stdout goes to our stderr: with --json, stdout carries the JSON document only.
    this.process = fork(script, args, { execArgv: ['--import', 'tsx', ...nodeOptions], stdio: ['ignore', 2, 2, 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      const onReady = (message: { type?: string }) => {
        if (message.type !== 'ready') return;
        this.process.off('message', onReady);
        resolve(message as Record<string, unknown>);
      };
      this.process.on('message', onReady);
      this.process.once('exit', (code, signal) => reject(new Error(`${script} exited before it was ready (code ${code ?? 'none'}, signal ${signal ?? 'none'})`)));
    });
    this.process.on('message', (message: Reply) => {
      if (message.type !== 'reply') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    this.process.on('exit', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
      this.exited = `exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${script} ${this.exited}`));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  call<T>(op: string, payload: Record<string, unknown> = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`child ${this.exited}`));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process.send({ id, op, ...payload });
    });
  }

  /** Ends the process at once (a sync stopped at the time budget). */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGKILL');
    await exit;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.call('close'), new Promise((resolve) => setTimeout(resolve, 5000))]);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  }
}
