ordercast: order ${orderId} has been refunded<#if refundAmount?has_content> ${refundAmount}</#if>.
