import { createStrategy } from '../../src/heads/index.js';
import { runHeadConformance } from './conformance.js';

runHeadConformance('logistic (fixed C)', () => createStrategy('logistic', { C: 1 }));
runHeadConformance('logistic (C by inner CV)', () => createStrategy('logistic'));
runHeadConformance('logistic (balanced)', () => createStrategy('logistic', { C: 10, classWeight: 'balanced' }));
runHeadConformance('logistic (2 classes)', () => createStrategy('logistic'), { classes: 2 });
runHeadConformance('knn (k by inner CV)', () => createStrategy('knn'));
runHeadConformance('knn (k = 3)', () => createStrategy('knn', { k: 3 }));
runHeadConformance('centroid (fitted temperature)', () => createStrategy('centroid'));
runHeadConformance('centroid (temperature 0.05)', () => createStrategy('centroid', { temperature: 0.05 }), { classes: 5, d: 50 });
