/** start()/close() around a node HTTP(S) server, with the bound address known after start. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class ListeningServer {
  private started = false;

  constructor(
    readonly server: Server,
    private readonly host: string,
    private readonly port: number,
  ) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.started = true;
  }

  get address(): { host: string; port: number } {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('server is not listening');
    return { host: address.address, port: address.port };
  }

  async close(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections?.();
    });
  }
}
