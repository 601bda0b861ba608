/** What the handlers of every part of the contract share. */
import type { Library } from '../../db/library.js';
import type { KindredContract } from '../contract/contract.js';
import type { EventHub } from './event-hub.js';
import type { JobManager, JobSpec } from '../../jobs/job-manager.js';
import type { LibraryQueries } from '../../db/library-queries.js';
import type { ScanParams } from './scan-job-spec.js';

import type { FaceAnalysisPools } from '../../vision/face-analysis-pools.js';
import type { CullWriteBack } from '../../workflows/cull-decisions.js';

export interface ServiceContext {
  library: Library;
  events: EventHub<KindredContract>;
  jobs: JobManager;
  queries: LibraryQueries;
  scanSpec(params: ScanParams): JobSpec;
  /** Bounded face-analysis pools for interactive requests (search by image, a drawn face), closed on shutdown. */
  analysisPools: FaceAnalysisPools;
  /** Writes picks, rejects and stars to XMP in the background; drained on shutdown. */
  cullWriteBack: CullWriteBack;
}
