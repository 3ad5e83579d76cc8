<#-- first line: notification title; the rest: its body -->
订单已发货
订单 ${orderId}：${carrier} 运单号 ${trackingNumber}
