/** Every `graft` sub-command, in the order `graft help` lists them. Add one line per command. */
import type { Command } from './command.js';
import { evalCommand } from './eval.js';
import { adviseCommand } from './advise.js';
import { fitCommand } from './fit.js';
import { predictCommand } from './predict.js';
import { tasksCommand } from './tasks.js';
import { demoCommand } from './demo.js';
import { deployCommand } from './deploy.js';
import { rollbackCommand } from './rollback.js';
import { runsCommand } from './runs.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { forgetCommand } from './forget.js';
import { auditCommand } from './audit.js';
import { serveCommand } from './serve.js';
import { keysCommand } from './keys.js';

export const COMMANDS: readonly Command[] = [
  evalCommand,
  adviseCommand,
  fitCommand,
  predictCommand,
  tasksCommand,
  demoCommand,
  deployCommand,
  rollbackCommand,
  runsCommand,
  reportCommand,
  scanCommand,
  forgetCommand,
  auditCommand,
  serveCommand,
  keysCommand,
];
