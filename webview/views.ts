/** The panel's tabs, in order. */
import { CompareView } from './compareView';
import { CompareMethodsView } from './compareMethodsView';
import type { PanelView, ViewContext } from './panelView';
import { ConvergenceView } from './convergenceView';
import { ProfilesView } from './profilesView';
import { ScatterView } from './scatterView';
import { TableView } from './tableView';
import { AgreementView } from './agreementView';
import { PairsView } from './pairsView';
import { SilhouetteView } from './silhouetteView';
import { UncertaintyView } from './uncertaintyView';

export function createViews(context: ViewContext): PanelView[] {
  return [
    new ScatterView(context),
    new ConvergenceView(context),
    new TableView(context),
    new ProfilesView(),
    new CompareView(context),
    new CompareMethodsView(context),
    new UncertaintyView(context),
    new PairsView(context),
    new SilhouetteView(context),
    new AgreementView(context),
  ];
}
