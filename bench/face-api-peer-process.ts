// One face-api peer process (pipeline-bench.ts starts one per Kindred worker). It loads its models, analyses the
// warm-up photo it is sent, then each photo path it is sent, answering with the face count; `done` gets its peak RSS.
import { FaceApiPeer } from './face-api-peer.js';

export type PeerRequest = { warmUp: string } | { path: string } | { done: true };
export type PeerReply = { ready: true; cpuSeconds: number } | { faces: number } | { peakRssMb: number; backend: string; cpuSeconds: number };

/** CPU time of this process so far (all its threads). */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const peer = await FaceApiPeer.load();
const send = (reply: PeerReply): void => void process.send!(reply);
process.on('message', (request: PeerRequest) => {
  if ('done' in request) {
    process.send!({ peakRssMb: process.resourceUsage().maxRSS / 1024, backend: peer.backend, cpuSeconds: cpuSeconds() } satisfies PeerReply, () => process.exit(0));
    return;
  }
  const path = 'warmUp' in request ? request.warmUp : request.path;
  void peer.analyse(path).then(
    (faces) => send('warmUp' in request ? { ready: true, cpuSeconds: cpuSeconds() } : { faces }),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.send!({ ready: true, cpuSeconds: cpuSeconds() } satisfies PeerReply);
