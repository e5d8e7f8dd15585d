/** risk-model's pure gradient-boosting learner behind the service's learner port. */
import type { RiskLearner } from '../risk-model-store';
import {
  scoreFacts,
  scoreProbability,
  thresholdForBudget,
  trainRiskModel,
  type RiskModel,
} from './risk-model';

export const gradientBoostingLearner: RiskLearner = {
  train: (facts, labels, options) => trainRiskModel(facts, labels, options),
  score: (model, facts) => scoreFacts(model as RiskModel, facts),
  probability: (model, facts) => scoreProbability(model as RiskModel, facts),
  thresholdForBudget,
};
