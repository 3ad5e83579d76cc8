<#-- first line: notification title; the rest: its body -->
订单已完成
订单 ${orderId} 已完成
