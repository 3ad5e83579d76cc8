<#-- first line: notification title; the rest: its body -->
订单已取消
订单 ${orderId} 已取消
