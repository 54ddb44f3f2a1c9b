package de.deutschlandstack.erp.purchasing;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.StatusConflict;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** Records what arrived for a purchase order, and moves the order to partially or fully received. */
@ApplicationScoped
public class GoodsReceipts {

    /** Everything still open on the order arrived. */
    public void receiveAll(PurchaseOrder order) {
        checkReceivable(order);
        boolean anything = false;
        for (PurchaseOrderItem item : order.getItems()) {
            if (item.getOpenQuantity().signum() > 0) {
                item.receive(item.getOpenQuantity());
                anything = true;
            }
        }
        if (!anything) {
            throw new BusinessRuleViolation("NothingOpen", order.describe() + " has nothing left to receive");
        }
        order.moveTo(PurchaseOrder.Status.RECEIVED);
    }

    /** {@code quantity} of one item arrived; the order is received once nothing is open on any item. */
    public void receive(PurchaseOrder order, Integer itemNumber, BigDecimal quantity) {
        checkReceivable(order);
        if (itemNumber == null || quantity == null || quantity.signum() <= 0) {
            throw new BusinessRuleViolation("InvalidReceipt", "A goods receipt names an ItemNumber and a positive Quantity, or neither");
        }
        PurchaseOrderItem item = order.getItems().stream().filter(i -> i.getItemNumber() == itemNumber).findFirst()
                .orElseThrow(() -> new BusinessRuleViolation("UnknownItem", order.describe() + " has no item " + itemNumber));
        if (quantity.compareTo(item.getOpenQuantity()) > 0) {
            throw new BusinessRuleViolation("OverDelivery", "Item " + itemNumber + " of " + order.describe() + " has "
                    + item.getOpenQuantity().stripTrailingZeros().toPlainString() + " open; " + quantity.toPlainString()
                    + " cannot be received");
        }
        item.receive(quantity);
        boolean complete = order.getItems().stream().allMatch(i -> i.getOpenQuantity().signum() == 0);
        order.moveTo(complete ? PurchaseOrder.Status.RECEIVED : PurchaseOrder.Status.PARTIALLY_RECEIVED);
    }

    private static void checkReceivable(PurchaseOrder order) {
        if (order.getStatus() != PurchaseOrder.Status.ORDERED && order.getStatus() != PurchaseOrder.Status.PARTIALLY_RECEIVED) {
            throw new StatusConflict(order.describe(), order.getStatus().name(),
                    "goods can be received only for an ORDERED or PARTIALLY_RECEIVED purchase order");
        }
    }
}
