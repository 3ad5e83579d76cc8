<#-- first line: notification title; the rest: its body -->
退款完成
订单 ${orderId} 已退款
