<#-- first line: notification title; the rest: its body -->
付款成功
订单 ${orderId} 已付款 ${total}
