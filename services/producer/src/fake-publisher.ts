import { PublishError, type Placement, type PublishRequest, type Publisher } from "./publisher.ts";

/**
 * An in-memory Publisher for app tests: one partition, offsets counting from 0, optional failure
 * and an optional gate that holds publishes until the test opens it.
 */
export class FakePublisher implements Publisher {
  sent: PublishRequest[] = [];
  calls = 0;
  failWith: PublishError | undefined;
  gate: Promise<void> | undefined;
  private next = 0;

  async publish(req: PublishRequest): Promise<Placement[]> {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    this.sent.push(req);
    return req.messages.map(() => ({ partition: 0, offset: String(this.next++) }));
  }
}
