<#-- first line: notification title; the rest: its body -->
订单已创建
订单 ${orderId} 待付款
