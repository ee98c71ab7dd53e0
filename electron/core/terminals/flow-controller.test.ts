import { describe, expect, it } from 'vitest';
import { FLOW_ACK_BYTES, FLOW_HIGH_WATERMARK_BYTES, FLOW_LOW_WATERMARK_BYTES } from '../../../common/flow-control';
import { FlowController } from './flow-controller';

function controller(high = 100, low = 10) {
  const calls: string[] = [];
  const flow = new FlowController({ highWatermark: high, lowWatermark: low, onPause: () => calls.push('pause'), onResume: () => calls.push('resume') });
  return { flow, calls };
}

describe('FlowController', () => {
  it('defaults to the shared constants, with acks no larger than the low watermark', () => {
    const flow = new FlowController();
    expect(flow.highWatermark).toBe(FLOW_HIGH_WATERMARK_BYTES);
    expect(flow.lowWatermark).toBe(FLOW_LOW_WATERMARK_BYTES);
    expect(FLOW_ACK_BYTES).toBeLessThanOrEqual(FLOW_LOW_WATERMARK_BYTES);
    expect(flow.snapshot()).toEqual({ unacked: 0, maxUnacked: 0, paused: false, highWatermark: FLOW_HIGH_WATERMARK_BYTES });
  });

  it('pauses once when unacked reaches the high watermark', () => {
    const { flow, calls } = controller();
    flow.sent(60);
    expect(calls).toEqual([]);
    flow.sent(40);
    expect(calls).toEqual(['pause']);
    expect(flow.isPaused).toBe(true);
    flow.sent(30);
    expect(calls).toEqual(['pause']);
    expect(flow.snapshot()).toMatchObject({ unacked: 130, maxUnacked: 130, paused: true });
  });

  it('resumes only below the low watermark, not on the way down in between', () => {
    const { flow, calls } = controller();
    flow.sent(150);
    flow.ack(100);
    expect(flow.snapshot()).toMatchObject({ unacked: 50, paused: true });
    flow.ack(40);
    expect(flow.snapshot()).toMatchObject({ unacked: 10, paused: true });
    expect(calls).toEqual(['pause']);
    flow.ack(1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.snapshot()).toMatchObject({ unacked: 9, maxUnacked: 150, paused: false });
  });

  it('clamps an ack of more than outstanding to zero', () => {
    const { flow, calls } = controller();
    flow.sent(20);
    flow.ack(1_000);
    expect(flow.snapshot().unacked).toBe(0);
    flow.sent(5);
    expect(flow.snapshot().unacked).toBe(5);
    expect(calls).toEqual([]);
  });

  it('ignores zero, negative and NaN counts', () => {
    const { flow } = controller();
    flow.sent(0);
    flow.sent(-5);
    flow.sent(Number.NaN);
    flow.sent(7);
    flow.ack(-3);
    flow.ack(Number.NaN);
    expect(flow.snapshot()).toMatchObject({ unacked: 7, maxUnacked: 7 });
  });

  it('cycles pause/resume repeatedly and keeps the maximum', () => {
    const { flow, calls } = controller();
    for (let i = 0; i < 3; i++) {
      flow.sent(120 + i);
      flow.ack(1_000);
    }
    expect(calls).toEqual(['pause', 'resume', 'pause', 'resume', 'pause', 'resume']);
    expect(flow.snapshot().maxUnacked).toBe(122);
  });

  it('rejects a low watermark above the high one', () => {
    expect(() => new FlowController({ highWatermark: 10, lowWatermark: 20 })).toThrow(RangeError);
    expect(() => new FlowController({ highWatermark: 10, lowWatermark: 0 })).toThrow(RangeError);
  });
});
